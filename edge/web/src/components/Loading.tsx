// What a page shows before its data arrives, and when it could not be read.
import type { ReactNode } from "react";
import { Link } from "../router";
import { Section } from "./forms";

/** A polite live region, so a screen reader hears that the page is still coming. */
export function Loading({ what = "" }: { what?: string }) {
  return (
    <p className="loading-inline" role="status">
      Loading{what ? ` ${what}` : ""}…
    </p>
  );
}

/** The page's title card with the reason it could not be shown and a way back. */
export function LoadFailed({ title, problem, back, backText, children }: {
  title: string;
  problem: string;
  back: string;
  backText: string;
  children?: ReactNode;
}) {
  return (
    <Section title={title} level={1}>
      <p className="form-error" role="alert">{problem}</p>
      {children}
      <Link href={back}>{backText}</Link>
    </Section>
  );
}
