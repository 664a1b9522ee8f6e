// The OMS pages' GraphQL operations; every result is a typed union (see api/fragments).
import { ERROR_FIELDS } from "../../api/fragments";

/** Order mutations may also answer a guardrail's denial. */
export const DENIAL_FIELDS = `${ERROR_FIELDS} ... on OrderDenied { reason }`;

export const ORDER_FIELDS = `id state side quantity filledQuantity limitPrice { amount currency } broker
  orderKey recommendationId lineId reason deadLettered version createdAt updatedAt listingId
  listing { ticker quoteCurrency }`;

export const ORDERS_PAGE = `query($id: ID!, $states: [OrderState!], $after: String) {
  portfolio(id: $id) { ${ERROR_FIELDS}
    ... on Portfolio { id name constituents { listing { id ticker quoteCurrency } } } }
  tradingState(portfolioId: $id) { ${ERROR_FIELDS} ... on TradingState { broker status killSwitch } }
  orders(portfolioId: $id, states: $states, first: 50, after: $after) { ${ERROR_FIELDS}
    ... on OrderPage { nextPageToken items { ${ORDER_FIELDS} } } }
}`;

export const ORDER_UPDATES = `subscription($id: ID!) { orderUpdates(portfolioId: $id) { ${ORDER_FIELDS} } }`;

export const ORDER_PAGE = `query($id: ID!, $order: ID!) {
  portfolio(id: $id) { ${ERROR_FIELDS} ... on Portfolio { id name baseCurrency } }
  order(portfolioId: $id, orderId: $order) { ${ERROR_FIELDS}
    ... on OrderDetail { order { ${ORDER_FIELDS} }
      fills { id quantity price { amount currency } fees { amount currency } executedAt source booked }
      events { sequence eventType fromState toState occurredAt actorUserId detailJson } } }
}`;

export const CREATE_ORDER = `mutation($input: CreateOrderInput!) {
  createOrder(input: $input) { ${DENIAL_FIELDS} ... on OrderPlaced { created order { id state } } } }`;

export const CANCEL_ORDER = `mutation($id: ID!, $order: ID!) {
  cancelOrder(portfolioId: $id, orderId: $order) { ${DENIAL_FIELDS} ... on Order { id state } } }`;

export const RECORD_FILL = `mutation($input: RecordManualFillInput!) {
  recordManualFill(input: $input) { ${DENIAL_FIELDS}
    ... on ManualFillRecorded { order { id state } fill { id booked } } } }`;

export const PLACE_ORDERS = `mutation($id: ID!, $rec: ID!) {
  placeRecommendationOrders(portfolioId: $id, recommendationId: $rec) { ${ERROR_FIELDS}
    ... on RecommendationPlacement { placedCount deniedCount
      placements { lineId created denied { reason message } order { ${ORDER_FIELDS} } } } } }`;

const STATE_FIELDS = `mode status broker dryRunBroker killSwitch killSwitchReason unhealthy
  liveAdapterHealthy cooldownUntil version
  limits { maxOrderNotional { amount currency } maxDailyLoss { amount currency } lossAction
    sessionPolicy cooldownRejects cooldownWindowS cooldownS }`;

export const TRADING_PAGE = `query($id: ID!) {
  portfolio(id: $id) { ${ERROR_FIELDS} ... on Portfolio { id name baseCurrency } }
  tradingState(portfolioId: $id) { ${ERROR_FIELDS} ... on TradingState { ${STATE_FIELDS} } }
}`;

const STATE_RESULT = `${ERROR_FIELDS} ... on TradingState { ${STATE_FIELDS} }`;

export const SET_KILL_SWITCH = `mutation($id: ID!, $engaged: Boolean!, $reason: String!) {
  setKillSwitch(portfolioId: $id, engaged: $engaged, reason: $reason) { ${STATE_RESULT} } }`;

export const UPDATE_LIMITS = `mutation($input: GuardrailLimitsInput!) {
  updateGuardrailLimits(input: $input) { ${STATE_RESULT} } }`;

export const SET_BROKER = `mutation($id: ID!, $broker: String!) {
  setDryRunBroker(portfolioId: $id, broker: $broker) { ${STATE_RESULT} } }`;

export const REQUEST_LIVE = `mutation($id: ID!, $password: String!) {
  requestLiveMode(portfolioId: $id, password: $password) { ${ERROR_FIELDS}
    ... on LiveModeRequested { confirmationId riskSummaryJson riskSummarySha256 expiresAt } } }`;

export const CONFIRM_LIVE = `mutation($id: ID!, $confirmation: ID!, $hash: String!) {
  confirmLiveMode(portfolioId: $id, confirmationId: $confirmation, riskSummarySha256: $hash) {
    ${STATE_RESULT} } }`;

export const SWITCH_TO_DRY_RUN = `mutation($id: ID!) { switchToDryRun(portfolioId: $id) { ${STATE_RESULT} } }`;

const LETTER_FIELDS = `id orderId operation broker clientOrderId status attempts maxAttempts lastError
  nextAttemptAt contextJson createdAt`;

export const DEAD_LETTERS = `query($id: ID!) {
  deadLetters(portfolioId: $id) { ${ERROR_FIELDS} ... on DeadLetterList { items { ${LETTER_FIELDS} } } } }`;

export const REPLAY_LETTER = `mutation($id: ID!, $letter: ID!) {
  replayDeadLetter(portfolioId: $id, id: $letter) { ${ERROR_FIELDS}
    ... on DeadLetterHandled { deadLetter { id status } } } }`;

export const ABANDON_LETTER = `mutation($id: ID!, $letter: ID!, $reason: String!) {
  abandonDeadLetter(portfolioId: $id, id: $letter, reason: $reason) { ${ERROR_FIELDS}
    ... on DeadLetterHandled { deadLetter { id status } } } }`;
