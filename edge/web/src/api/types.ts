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

export interface Portfolio {
  id: string;
  name: string;
  baseCurrency: string;
  version: number;
  frozen: boolean;
  archived: boolean;
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

export interface AuditEvent {
  id: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  actorUserId: string | null;
  occurredAt: string | null;
  beforeJson: string | null;
  afterJson: string | null;
}
