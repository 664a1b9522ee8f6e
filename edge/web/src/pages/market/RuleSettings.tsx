// Data-quality rule settings of a listing or a portfolio: a form per rule, defaults and sources shown,
// validation errors next to the setting they name (``rules.jump.threshold``).
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../../api/client";
import { ACTOR_FIELDS, ERROR_FIELDS } from "../../api/fragments";
import { isError, type Actor, type ApiError } from "../../api/types";
import { Loading } from "../../components/Loading";
import { useWho } from "../../session";
import "./market.css";

type Setting = { name: string; value: string; defaultValue: string; source: string | null; sourceId: string; description: string };
type EffectiveRule = { rule: string; description: string; policy: Setting[]; parameters: Setting[] };
type Override = { rule: string; settings: { name: string; value: string }[] };
type RuleSettings = {
  __typename: "RuleSettings";
  version: number;
  changedByActor: Actor | null;
  changedAt: string | null;
  overrides: Override[];
  effective: EffectiveRule[];
};

const FIELDS = `${ERROR_FIELDS}
  ... on RuleSettings { version changedByActor { ${ACTOR_FIELDS} } changedAt overrides { rule settings { name value } }
    effective { rule description
      policy { name value defaultValue source sourceId description }
      parameters { name value defaultValue source sourceId description } } }`;
// The portfolios' names, for settings that come from one of them.
const READ = `query($listingId: ID, $portfolioId: ID) {
  ruleSettings(listingId: $listingId, portfolioId: $portfolioId) { ${FIELDS} }
  portfolios(first: 200) { ${ERROR_FIELDS} ... on PortfolioPage { items { id name } } } }`;
const UPDATE = `mutation($input: UpdateRuleSettingsInput!) { updateRuleSettings(input: $input) { ${FIELDS} } }`;

/** Overrides as a form holds them: rule -> setting -> text ("" inherits). */
type Draft = Record<string, Record<string, string>>;

function draftOf(settings: RuleSettings): Draft {
  const draft: Draft = {};
  for (const rule of settings.effective) draft[rule.rule] = {};
  for (const o of settings.overrides) {
    for (const s of o.settings) (draft[o.rule] ??= {})[s.name] = s.value;
  }
  return draft;
}

function sourceText(s: Setting, portfolios: Record<string, string>): string {
  if (s.source === "LISTING") return "listing";
  if (s.source === "PORTFOLIO") return s.sourceId ? (portfolios[s.sourceId] ?? `portfolio ${s.sourceId.slice(0, 8)}`) : "portfolio";
  return "default";
}

/** "max_sessions" → "Max sessions". */
function title(code: string): string {
  const words = code.replace(/_/g, " ").replace(/\bfx\b/g, "FX");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function SettingInput({ rule, setting, value, error, disabled, onChange, portfolios }: {
  rule: string; setting: Setting; value: string; error?: string; disabled: boolean; onChange: (v: string) => void;
  portfolios: Record<string, string>;
}) {
  const field = `rules.${rule}.${setting.name}`;
  const isBool = setting.defaultValue === "true" || setting.defaultValue === "false";
  const choices = setting.name === "severity" ? ["info", "warning", "critical"] : isBool ? ["true", "false"] : null;
  return (
    <label className={error ? "field invalid" : "field"}>
      <span title={setting.description}>{title(setting.name)}</span>
      {choices ? (
        <select name={field} value={value} disabled={disabled} aria-invalid={Boolean(error)} onChange={(e) => onChange(e.target.value)}>
          <option value="">inherit ({setting.value})</option>
          {choices.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      ) : (
        <input name={field} value={value} disabled={disabled} placeholder={setting.value} aria-invalid={Boolean(error)}
          onChange={(e) => onChange(e.target.value)} />
      )}
      <small className="meta">in force {setting.value} ({sourceText(setting, portfolios)}) · default {setting.defaultValue}</small>
      {error && <small className="field-error" role="alert" data-field={field}>{error}</small>}
    </label>
  );
}

/** Exactly one of ``listingId`` and ``portfolioId``. */
export function RuleSettingsPanel({ listingId = null, portfolioId = null, editable }: {
  listingId?: string | null; portfolioId?: string | null; editable: boolean;
}) {
  const [settings, setSettings] = useState<RuleSettings | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [portfolios, setPortfolios] = useState<Record<string, string>>({});
  const who = useWho();
  const show = useCallback((result: RuleSettings | ApiError) => {
    if (isError(result)) {
      const byField = Object.fromEntries((result.fieldErrors ?? []).map((e) => [e.field, e.message]));
      setErrors(byField);
      setMessage(result.__typename === "StaleVersion"
        ? "Someone changed these settings since you opened them. Reload to see the current version."
        : Object.keys(byField).length ? "Fix the settings marked below; nothing was saved." : result.message);
      return;
    }
    setSettings(result);
    setDraft(draftOf(result));
    setErrors({});
  }, []);
  const load = useCallback(async () => {
    const answer = await gql<{
      ruleSettings: RuleSettings | ApiError;
      portfolios: { __typename: "PortfolioPage"; items: { id: string; name: string }[] } | ApiError;
    }>(READ, { listingId, portfolioId });
    if (!isError(answer.portfolios)) setPortfolios(Object.fromEntries(answer.portfolios.items.map((p) => [p.id, p.name])));
    show(answer.ruleSettings);
  }, [listingId, portfolioId, show]);
  useEffect(() => {
    void load().catch((error: Error) => setMessage(error.message));
  }, [load]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    setBusy(true);
    try {
      const rules = Object.entries(draft).map(([rule, values]) => ({
        rule,
        settings: Object.entries(values).filter(([, v]) => v.trim() !== "").map(([name, value]) => ({ name, value })),
      })).filter((r) => r.settings.length > 0);
      const input = { listingId, portfolioId, expectedVersion: settings.version, rules };
      const result = (await gql<{ updateRuleSettings: RuleSettings | ApiError }>(UPDATE, { input })).updateRuleSettings;
      show(result);
      if (!isError(result)) setMessage(`Saved as version ${result.version}.`);
    } catch (error) {
      setMessage(String((error as Error).message));
    } finally {
      setBusy(false);
    }
  };

  if (!settings) return message ? <p className="form-error" role="alert">{message}</p> : <Loading what="rule settings" />;
  const set = (rule: string, name: string, value: string) =>
    setDraft((d) => ({ ...d, [rule]: { ...d[rule], [name]: value } }));
  return (
    <form className="rule-settings" aria-label="Data-quality rules" onSubmit={(e) => void save(e)}>
      <p className="meta">
        Version {settings.version}{settings.changedByActor && ` · changed by ${who(settings.changedByActor)}`}
        {settings.changedAt && ` on ${new Date(settings.changedAt).toLocaleString()}`}. A listing's own value wins over
        its portfolios'; among portfolios the strictest wins. Leave a setting empty to inherit.
        {!editable && " Only an admin may change a listing's settings; change your portfolio's instead."}
      </p>
      {settings.effective.map((rule) => {
        // Closed unless something in it is set here or wrong: six rules of seven settings each.
        const changed = Object.values(draft[rule.rule] ?? {}).filter((v) => v.trim() !== "").length;
        const wrong = Object.keys(errors).some((f) => f.startsWith(`rules.${rule.rule}`));
        const enabled = rule.policy.find((s) => s.name === "enabled")?.value !== "false";
        return (
          <details key={rule.rule} className="rule" open={wrong || undefined}>
            <summary>
              <strong>{title(rule.rule)}</strong>
              {!enabled && <span className="tag">off</span>}
              {changed > 0 && <span className="tag">{changed} set here</span>}
              <span className="meta"> · {rule.description}</span>
            </summary>
            {errors[`rules.${rule.rule}`] && <p className="field-error" role="alert">{errors[`rules.${rule.rule}`]}</p>}
            <fieldset className="settings" aria-label={`${title(rule.rule)} settings`}>
              {[...rule.policy, ...rule.parameters].map((s) => (
                <SettingInput key={s.name} rule={rule.rule} setting={s} value={draft[rule.rule]?.[s.name] ?? ""}
                  error={errors[`rules.${rule.rule}.${s.name}`]} disabled={!editable || busy} portfolios={portfolios}
                  onChange={(v) => set(rule.rule, s.name, v)} />
              ))}
            </fieldset>
          </details>
        );
      })}
      {message && <p className={Object.keys(errors).length ? "form-error" : "meta"} role="status">{message}</p>}
      {editable && <button type="submit" disabled={busy}>Save rule settings</button>}
    </form>
  );
}
