// Sleeve targets drawn against 100%, with the registry's verdict on the sum.
import type { ApiError, Sleeve, TargetCheck } from "../../api/types";

const COLOURS = ["#3b6ea5", "#e09f3e", "#5a9367", "#9e2a2b", "#7b5ea7", "#3c8d93"];

export function TargetsBar({
  sleeves,
  targets,
}: {
  sleeves: Sleeve[];
  targets: (TargetCheck & { __typename: "TargetCheck" }) | ApiError;
}) {
  if (targets.__typename !== "TargetCheck") {
    return <p className="form-error">{targets.message}</p>;
  }
  const sum = targets.targetSumPct ?? "0";
  return (
    <div className="targets">
      <div className="bar" role="img" aria-label={`Targets sum to ${sum}% of 100%`}>
        {sleeves.map((sleeve, index) => (
          <span key={sleeve.id} title={`${sleeve.name}: ${sleeve.targetWeightPct}%`}
            style={{
              // Display only: the exact sum comes from the registry as a decimal string.
              width: `${Math.min(Number(sleeve.targetWeightPct ?? 0), 100)}%`,
              background: COLOURS[index % COLOURS.length],
            }}>
            {sleeve.name} {sleeve.targetWeightPct}%
          </span>
        ))}
      </div>
      <p className={targets.sumsTo100 ? "form-ok" : "form-error"} data-testid="targets-sum">
        {targets.sumsTo100
          ? `Targets sum to ${sum}%: ready for advice.`
          : `Targets sum to ${sum}%, not 100%. Advice needs exactly 100%.`}
      </p>
    </div>
  );
}
