// Running a mutation that answers the trading state: the new state, or the refusal to show.
import { gql } from "../../api/client";
import type { ApiError } from "../../api/types";
import type { TradingState } from "../orders/types";

export type StateResult = (TradingState & { __typename: "TradingState" }) | ApiError;

/** The mutation's single result field, whatever its name. */
export async function stateMutation(query: string, variables: Record<string, unknown>): Promise<StateResult> {
  const data = await gql<Record<string, StateResult>>(query, variables);
  return Object.values(data)[0];
}
