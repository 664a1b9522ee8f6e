// Shapes of the API's objects and typed results, as the pages select them.

export interface FieldError {
  field: string;
  message: string;
}

/** Every expected failure the API returns in place of a payload. */
export interface ApiError {
  __typename:
    | "ValidationError"
    | "NotFound"
    | "PermissionDenied"
    | "Unauthenticated"
    | "StaleVersion"
    | "AlreadyExists"
    | "FailedPrecondition"
    | "LimitExceeded";
  message: string;
  fieldErrors?: FieldError[];
  currentVersion?: number | null;
  /** AlreadyExists and FailedPrecondition: a stable code such as ALREADY_REVERSED. */
  reason?: string;
  /** FailedPrecondition: the input field the refusal is about, when known. */
  field?: string | null;
}

export type Result<T, Name extends string> = (T & { __typename: Name }) | ApiError;

export function isError<T extends { __typename: string }>(value: T | ApiError): value is ApiError {
  return [
    "ValidationError",
    "NotFound",
    "PermissionDenied",
    "Unauthenticated",
    "StaleVersion",
    "AlreadyExists",
    "FailedPrecondition",
    "LimitExceeded",
  ].includes(value.__typename);
}

export interface User {
  id: string;
  email: string;
  role: "ADMIN" | "USER" | null;
}

export interface Instrument {
  id: string;
  isin: string;
  name: string;
  assetClass: string | null;
  version: number;
}

export interface Listing {
  id: string;
  instrumentId: string;
  venueMic: string;
  ticker: string;
  quoteCurrency: string;
  priceScale: string | null;
  lotSize: string | null;
  tickSize: string | null;
  calendar: string;
  version: number;
  instrument?: { name: string; isin: string } | null;
}

export interface Constituent {
  portfolioId: string;
  listingId: string;
  sleeveId: string | null;
  monitored: boolean;
  version: number;
  listing: Listing | null;
}

export interface Sleeve {
  id: string;
  name: string;
  targetWeightPct: string | null;
  driftBandAbsPct: string | null;
  driftBandRelPct: string | null;
  version: number;
}

export interface TargetCheck {
  sumsTo100: boolean;
  targetSumPct: string | null;
}

export interface FreezeReason {
  source: string;
  reference: string;
  detail: string;
  frozenAt: string | null;
}

export interface Portfolio {
  id: string;
  name: string;
  baseCurrency: string;
  version: number;
  frozen: boolean;
  archived: boolean;
  freezeReasons?: FreezeReason[];
}

export interface PortfolioDetail extends Portfolio {
  sleeves: Sleeve[];
  constituents: Constituent[];
  targets: (TargetCheck & { __typename: "TargetCheck" }) | ApiError;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A user who did something; ``name`` is null when the viewer may not know it. */
export interface Actor {
  id: string;
  name: string | null;
  role: "ADMIN" | "USER" | "SERVICE" | null;
}

export interface AuditEvent {
  id: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  actorUserId: string | null;
  actor: Actor | null;
  occurredAt: string | null;
  beforeJson: string | null;
  afterJson: string | null;
}

/** Exact amounts travel as decimal strings and are shown as such, never parsed to floats. */
export interface Money {
  amount: string;
  currency: string;
}

export type EntryKind =
  | "CONTRIBUTION"
  | "WITHDRAWAL"
  | "FEE"
  | "INTEREST"
  | "DIVIDEND"
  | "BUY"
  | "SELL"
  | "STOCK_SPLIT"
  | "REVERSAL";

export interface LedgerEntry {
  id: string;
  kind: EntryKind;
  amount: Money | null;
  listingId: string | null;
  quantity: string | null;
  price: Money | null;
  fxRate: string | null;
  fees: Money | null;
  entryDate: string;
  reversesEntryId: string | null;
  reversedByEntryId: string | null;
  memo: string;
  cashChange: Money | null;
  sequence: number;
  listing: { ticker: string } | null;
}

export interface PricePoint {
  listingId: string;
  observedAt: string;
  kind: string | null;
  source: string;
  price: Money | null;
}

export interface Holding {
  listingId: string;
  quantity: string;
  averageCost: Money | null;
  costBasis: Money | null;
  listing: { ticker: string; quoteCurrency: string } | null;
  latestPrice: PricePoint | null;
}

export interface CashBalance {
  balance: Money;
}

export interface LedgerAccount {
  baseCurrency: string;
  allowNegativeCash: boolean;
  allowShort: boolean;
  entryCount: number;
  batchCount: number;
  version: number;
}

export interface LedgerVerification {
  consistent: boolean;
  entriesReplayed: number;
  differences: { subject: string; field: string; snapshotValue: string; replayValue: string }[];
}

export interface TaskRun {
  id: string;
  task: string;
  trigger: string;
  source: string;
  status: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errorSummary: string;
}

export interface Alert {
  id: string;
  rule: string;
  listingId: string;
  severity: string | null;
  status: string | null;
  message: string;
  freeze: boolean;
  openedAt: string | null;
  occurrences: number;
  resolutionNote: string;
}

export interface CsvImport {
  rows: number;
  accepted: number;
  confirmed: boolean;
  rejections: { row: number; field: string; reason: string }[];
  preview: PricePoint[];
  taskRun: TaskRun | null;
}
