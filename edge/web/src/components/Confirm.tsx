// A destructive button that asks first: the question, then "Confirm" or "Cancel" in place.
import { useState, type ReactNode } from "react";

/** ``label`` is the button's text ("Archive"); ``action`` says what it does to what
 * ("Archive sleeve Bonds") and names the confirmation group ("Confirm archive sleeve Bonds"). */
export function ConfirmButton({ label, action, question, confirmText, onConfirm, disabled = false }: {
  label: string;
  action: string;
  question: ReactNode;
  confirmText: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="secondary" disabled={disabled} aria-label={action}
        onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  const confirm = async () => {
    setAsking(false);
    await onConfirm();
  };
  return (
    <span role="group" aria-label={`Confirm ${action.charAt(0).toLowerCase()}${action.slice(1)}`} className="confirm">
      <span className="question">{question}</span>
      <button type="button" className="danger small" disabled={disabled} onClick={() => void confirm()}>
        {confirmText}
      </button>
      <button type="button" className="secondary small" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
