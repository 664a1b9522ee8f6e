// Form pieces: inputs that show the API's field errors inline, and a form-level message.
import {
  useId,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
} from "react";
import { isError, type ApiError, type FieldError } from "../api/types";

/** The outcome of the last submit: field errors by API field name, and a message for the rest. */
export interface Feedback {
  fields: Record<string, string>;
  message: string | null;
  ok: string | null;
}

const EMPTY: Feedback = { fields: {}, message: null, ok: null };

/** Field names as the API gives them (``target_weight_pct``) also match camelCase inputs;
 * a one-entry ledger form's ``entries[0].amount`` matches its ``amount`` input. */
function key(field: string): string {
  return field
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
    .replace(/^input\./, "")
    .replace(/^entries\[0\]\./, "");
}

export function feedbackFrom(error: ApiError, known: string[]): Feedback {
  const fields: Record<string, string> = {};
  const stray: FieldError[] = [];
  const refusedField = error.field ? key(error.field) : null;
  if (refusedField && known.includes(refusedField)) fields[refusedField] = error.message;
  for (const item of error.fieldErrors ?? []) {
    const name = key(item.field);
    if (known.includes(name)) fields[name] = item.message;
    else stray.push(item);
  }
  let message: string | null = stray.length
    ? stray.map((e) => `${e.field}: ${e.message}`).join("; ")
    : Object.keys(fields).length
      ? null
      : error.message;
  if (error.__typename === "StaleVersion") {
    message = "Someone changed this since you opened it. Reload to see the current version.";
  }
  return { fields, message, ok: null };
}

/** Submit state for one form: run a mutation, spread typed errors onto the fields. */
export function useSubmit(known: string[]) {
  const [feedback, setFeedback] = useState<Feedback>(EMPTY);
  const [busy, setBusy] = useState(false);
  async function submit<T extends { __typename: string }>(
    run: () => Promise<T | ApiError>,
    onSuccess: (value: T) => void | Promise<void>,
    okMessage: string | null = null,
  ) {
    setBusy(true);
    try {
      const result = await run();
      if (isError(result)) {
        setFeedback(feedbackFrom(result, known));
      } else {
        setFeedback({ ...EMPTY, ok: okMessage });
        await onSuccess(result as T);
      }
    } catch (error) {
      setFeedback({ fields: {}, message: String((error as Error).message ?? error), ok: null });
    } finally {
      setBusy(false);
    }
  }
  return { feedback, busy, submit, reset: () => setFeedback(EMPTY) };
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  /** A long value (a name): a wider input, and the whole row on a phone. */
  wide?: boolean;
};

export function Field({ label, name, error, wide = false, ...input }: FieldProps) {
  // Unique per instance: the same field appears in many rows of one page.
  const id = useId();
  return (
    <label className={`field${wide ? " wide" : ""}${error ? " invalid" : ""}`} htmlFor={id}>
      <span>{label}</span>
      <input id={id} name={name} aria-invalid={Boolean(error)} {...input} />
      {error && (
        <small className="field-error" role="alert" data-field={name}>
          {error}
        </small>
      )}
    </label>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  error?: string;
  options: [string, string][];
};

/** A labelled select of [value, text] options, with the API's error for it. */
export function SelectField({ label, name, error, options, ...select }: SelectProps) {
  const id = useId();
  return (
    <label className={error ? "field invalid" : "field"} htmlFor={id}>
      <span>{label}</span>
      <select id={id} name={name} aria-invalid={Boolean(error)} {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>{text}</option>
        ))}
      </select>
      {error && (
        <small className="field-error" role="alert" data-field={name}>
          {error}
        </small>
      )}
    </label>
  );
}

export function FormMessage({ feedback }: { feedback: Feedback }) {
  if (feedback.message) {
    return (
      <p className="form-error" role="alert">
        {feedback.message}
      </p>
    );
  }
  if (feedback.ok) {
    return (
      <p className="form-ok" role="status">
        {feedback.ok}
      </p>
    );
  }
  return null;
}

/** A card with a heading; ``level={1}`` for the page's own title (one per page). */
export function Section({ title, children, level = 2, id }: {
  title: string;
  children: ReactNode;
  level?: 1 | 2;
  id?: string;
}) {
  return (
    <section className="card" id={id}>
      {level === 1 ? <h1>{title}</h1> : <h2>{title}</h2>}
      {children}
    </section>
  );
}
