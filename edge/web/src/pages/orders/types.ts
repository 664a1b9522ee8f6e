// Shapes of the OMS's API objects as the orders, trading and recommendation pages select them.
import type { Money } from "../../api/types";

export type OrderState =
  | "NEW"
  | "PENDING_SUBMIT"
  | "SUBMITTED"
  | "PARTIALLY_FILLED"
  | "FILLED"
  | "CANCELLED"
  | "REJECTED"
  | "EXPIRED";

export const OPEN_STATES: OrderState[] = ["NEW", "PENDING_SUBMIT", "SUBMITTED", "PARTIALLY_FILLED"];

export interface Order {
  id: string;
  state: OrderState | null;
  side: "BUY" | "SELL" | null;
  quantity: string;
  filledQuantity: string;
  limitPrice: Money | null;
  broker: string;
  orderKey: string;
  recommendationId: string | null;
  lineId: string | null;
  reason: string;
  deadLettered: boolean;
  version: number;
  createdAt: string | null;
  updatedAt: string | null;
  listingId: string;
  listing: { ticker: string; quoteCurrency: string } | null;
}

export interface Fill {
  id: string;
  quantity: string;
  price: Money | null;
  fees: Money | null;
  executedAt: string | null;
  source: string;
  booked: boolean;
}

export interface OrderEvent {
  sequence: number;
  eventType: string;
  fromState: OrderState | null;
  toState: OrderState | null;
  occurredAt: string | null;
  actorUserId: string;
  detailJson: string;
}

/** A guardrail's refusal: the reason code (TRADING_HALTED, …) and a message for people. */
export interface Denial {
  __typename: "OrderDenied";
  reason: string;
  message: string;
}

export interface LinePlacement {
  lineId: string;
  created: boolean;
  order: Order | null;
  denied: Omit<Denial, "__typename"> | null;
}

export interface Limits {
  maxOrderNotional: Money | null;
  maxDailyLoss: Money | null;
  lossAction: "REDUCING" | "HALTED" | null;
  sessionPolicy: "REFUSE" | "QUEUE" | null;
  cooldownRejects: number;
  cooldownWindowS: number;
  cooldownS: number;
}

export interface TradingState {
  mode: "DRY_RUN" | "LIVE" | null;
  status: "ACTIVE" | "REDUCING" | "HALTED" | null;
  broker: string;
  dryRunBroker: string;
  killSwitch: boolean;
  killSwitchReason: string;
  unhealthy: string[];
  liveAdapterHealthy: boolean;
  cooldownUntil: string | null;
  version: number;
  limits: Limits;
}

export interface DeadLetter {
  id: string;
  orderId: string;
  operation: string;
  broker: string;
  clientOrderId: string;
  status: "RETRYING" | "DEAD" | "RESOLVED" | "ABANDONED" | null;
  attempts: number;
  maxAttempts: number;
  lastError: string;
  nextAttemptAt: string | null;
  contextJson: string;
  createdAt: string | null;
}
