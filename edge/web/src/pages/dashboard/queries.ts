// The dashboard's GraphQL: one query for everything but the live system status.
import { ERROR_FIELDS } from "../../api/fragments";
import type { ApiError, FreezeReason, Money } from "../../api/types";
import type { Run } from "../engine/types";

export const PORTFOLIOS = `query { portfolios(first: 100) { ${ERROR_FIELDS}
  ... on PortfolioPage { items { id name baseCurrency frozen } } } }`;

export const DASHBOARD = `query($pid: ID!) {
  portfolio(id: $pid) { ${ERROR_FIELDS}
    ... on Portfolio { id name baseCurrency frozen
      freezeReasons { source reference detail frozenAt }
      constituents { listingId listing { id ticker } } } }
  performance(portfolioId: $pid) { ${ERROR_FIELDS}
    ... on Performance { baseCurrency asOf firstEntryDate notes
      points { date value netContributions }
      periods { period available startDate endDate twrPct mwrPct mwrAnnualised note
        startValue { amount currency } endValue { amount currency } netFlows { amount currency } }
      sleeves { sleeve targetPct bandPp weightPct } } }
  runs(portfolioId: $pid, first: 100) { ${ERROR_FIELDS}
    ... on RunPage { items { id status trigger createdAt lineCount recommendationStatus
      blockedReasons { code subject detail } } } }
  notifications(first: 5) { ${ERROR_FIELDS}
    ... on UserNotificationPage { items { id severity title body link occurredAt read portfolioId } } }
}`;

export const ALERTS = `query($ids: [ID!]) { alerts(listingIds: $ids) { ${ERROR_FIELDS}
  ... on AlertList { items { id rule listingId severity status message freeze openedAt } } } }`;

export interface ValuationPoint {
  date: string;
  value: string;
  netContributions: string;
}

export interface PeriodReturn {
  period: "ONE_MONTH" | "THREE_MONTHS" | "YEAR_TO_DATE" | "ONE_YEAR" | "SINCE_START" | null;
  available: boolean;
  startDate: string | null;
  endDate: string | null;
  twrPct: string | null;
  mwrPct: string | null;
  mwrAnnualised: boolean;
  note: string;
  startValue: Money | null;
  endValue: Money | null;
  netFlows: Money | null;
}

export interface SleeveSeries {
  sleeve: string;
  targetPct: string | null;
  bandPp: string | null;
  weightPct: string[];
}

export interface Performance {
  __typename: "Performance";
  baseCurrency: string;
  asOf: string;
  firstEntryDate: string | null;
  notes: string[];
  points: ValuationPoint[];
  periods: PeriodReturn[];
  sleeves: SleeveSeries[];
}

export interface DashboardPortfolio {
  __typename: "Portfolio";
  id: string;
  name: string;
  baseCurrency: string;
  frozen: boolean;
  freezeReasons: FreezeReason[];
  constituents: { listingId: string; listing: { id: string; ticker: string } | null }[];
}

export interface UserNotification {
  id: string;
  severity: string | null;
  title: string;
  body: string;
  link: string;
  occurredAt: string | null;
  read: boolean;
  portfolioId: string | null;
}

export interface DashboardData {
  portfolio: DashboardPortfolio | ApiError;
  performance: Performance | ApiError;
  runs: { __typename: "RunPage"; items: Run[] } | ApiError;
  notifications: { __typename: "UserNotificationPage"; items: UserNotification[] } | ApiError;
}
