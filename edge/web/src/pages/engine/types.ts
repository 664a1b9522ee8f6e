// Shapes of the engine's API objects as the policy, runs and recommendation pages select them.
import type { Money } from "../../api/types";

export type PolicyStatus = "DRAFT" | "APPROVED" | "SUPERSEDED";

export interface PolicyVersion {
  id: string;
  version: number;
  name: string;
  policyHash: string;
  status: PolicyStatus | null;
  sourceText: string;
  createdAt: string | null;
  createdBy: string;
  approvedAt: string | null;
}

export interface PolicyCheck {
  name: string;
  policyHash: string;
}

export interface PolicyChange {
  path: string;
  kind: "ADDED" | "REMOVED" | "CHANGED" | null;
  beforeJson: string | null;
  afterJson: string | null;
}

export interface BlockReason {
  code: string;
  subject: string;
  detail: string;
}

export type RecommendationStatus = "PROPOSED" | "APPROVED" | "IGNORED" | "EXECUTED" | "BLOCKED";

export interface Run {
  id: string;
  status: "ADVICE" | "BLOCKED" | null;
  trigger: "ON_DEMAND" | "SCHEDULED" | null;
  cadencePeriod: string;
  createdAt: string | null;
  asOf: string | null;
  snapshotHash: string;
  policyHash: string;
  recommendationHash: string;
  recommendationStatus: RecommendationStatus | null;
  lineCount: number;
  blockedReasons: BlockReason[];
}

export interface NamedValue {
  name: string;
  value: string;
}

export interface OrderLine {
  id: string;
  ticker: string;
  side: "BUY" | "SELL" | null;
  quantity: string;
  estPrice: Money | null;
  estValue: Money | null;
  estFee: Money | null;
  sleeve: string;
  purpose: string;
}

export interface SleeveWeights {
  sleeve: string;
  targetPct: string | null;
  bandPp: string | null;
  valueBefore: Money | null;
  valueAfter: Money | null;
  beforePct: string | null;
  afterPct: string | null;
  driftBeforePp: string | null;
  driftAfterPp: string | null;
}

export interface Totals {
  cashBefore: Money | null;
  buys: Money | null;
  sells: Money | null;
  fees: Money | null;
  cashAfter: Money | null;
}

export interface Recommendation {
  id: string;
  outcome: "ADVICE" | "BLOCKED" | null;
  status: RecommendationStatus | null;
  snapshotHash: string;
  policyHash: string;
  recommendationHash: string;
  baseCurrency: string;
  lines: OrderLine[];
  rules: { rule: string; subject: string; outcome: string; inputs: NamedValue[] }[];
  dropped: {
    code: string;
    listingId: string;
    listing: { ticker: string } | null;
    side: string | null;
    detail: string;
    inputs: NamedValue[];
  }[];
  checks: { name: string; passed: boolean; detail: string }[];
  sleeves: SleeveWeights[];
  totals: Totals | null;
  blockedReasons: BlockReason[];
  rationale: string[];
  decidedAt: string | null;
  decidedBy: string;
  decisionNote: string;
  version: number;
}

export interface Replay {
  identical: boolean;
  snapshotHashVerified: boolean;
  policyHashVerified: boolean;
  firstDifferenceOffset: number;
}
