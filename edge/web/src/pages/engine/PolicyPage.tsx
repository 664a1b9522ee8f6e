// A portfolio's policy: the document editor, its versions with approval, and a diff of two.
import { useCallback, useEffect, useState } from "react";
import { gql } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Section } from "../../components/forms";
import { LoadFailed, Loading } from "../../components/Loading";
import { PortfolioNav } from "../../components/PortfolioNav";
import { PolicyDiff } from "./PolicyDiff";
import { PolicyEditor } from "./PolicyEditor";
import { PolicyVersions } from "./PolicyVersions";
import { POLICY_PAGE } from "./queries";
import { policyTemplate, type SleeveTarget } from "./template";
import type { PolicyVersion } from "./types";
import "./engine.css";

type Answer = {
  portfolio: { __typename: "Portfolio"; id: string; name: string; sleeves: SleeveTarget[] } | ApiError;
  policyVersions: { __typename: "PolicyVersionList"; items: PolicyVersion[] } | ApiError;
};
type Loaded = { name: string; sleeves: SleeveTarget[]; versions: PolicyVersion[] };

export function PolicyPage({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The editor restarts from this text when someone picks "Edit a copy".
  const [seed, setSeed] = useState<{ text: string; key: number } | null>(null);

  const load = useCallback(async () => {
    const data = await gql<Answer>(POLICY_PAGE, { id });
    if (isError(data.portfolio)) return setProblem(data.portfolio.message);
    if (isError(data.policyVersions)) return setProblem(data.policyVersions.message);
    const next = { name: data.portfolio.name, sleeves: data.portfolio.sleeves, versions: data.policyVersions.items };
    setLoaded(next);
    setSeed((old) => old ?? {
      text: next.versions[0]?.sourceText ?? policyTemplate(next.name, next.sleeves),
      key: 0,
    });
  }, [id]);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);

  if (problem) {
    return (
      <LoadFailed title="Policy" problem={problem} back={`/portfolios/${id}`} backText="Back to the portfolio" />
    );
  }
  if (!loaded || !seed) return <Loading what="policy" />;
  const approved = loaded.versions.find((v) => v.status === "APPROVED");
  return (
    <>
      <Section title={`${loaded.name}: policy`} level={1}>
        <PortfolioNav portfolioId={id} current="policy" />
        <p className="meta">
          {approved ? `Runs use version ${approved.version}.` : "No version is approved yet: runs are blocked."}
        </p>
        <PolicyEditor key={seed.key} portfolioId={id} initial={seed.text} onSaved={load} />
      </Section>
      <Section title="Versions">
        <PolicyVersions portfolioId={id} versions={loaded.versions} onChanged={load}
          onEdit={(v) => {
            setSeed((old) => ({ text: v.sourceText, key: (old?.key ?? 0) + 1 }));
            window.scrollTo({ top: 0 });
          }} />
      </Section>
      <Section title="Compare versions">
        <PolicyDiff key={loaded.versions.map((v) => v.id).join()} portfolioId={id} versions={loaded.versions} />
      </Section>
    </>
  );
}
