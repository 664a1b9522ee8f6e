// The engine pages' GraphQL operations; every result is a typed union (see api/fragments).
import { ERROR_FIELDS } from "../../api/fragments";

const VERSION_FIELDS = `id version name policyHash status sourceText createdAt createdBy approvedAt`;

export const POLICY_PAGE = `query($id: ID!) {
  portfolio(id: $id) { ${ERROR_FIELDS}
    ... on Portfolio { id name baseCurrency
      sleeves { name targetWeightPct driftBandAbsPct driftBandRelPct archived } } }
  policyVersions(portfolioId: $id) { ${ERROR_FIELDS}
    ... on PolicyVersionList { items { ${VERSION_FIELDS} } } }
}`;

export const VALIDATE_POLICY = `query($id: ID!, $document: String!) {
  validatePolicy(portfolioId: $id, document: $document) { ${ERROR_FIELDS}
    ... on PolicyCheck { name policyHash } } }`;

export const CREATE_POLICY = `mutation($input: CreatePolicyVersionInput!) {
  createPolicyVersion(input: $input) { ${ERROR_FIELDS}
    ... on PolicyVersionCreated { created policyVersion { ${VERSION_FIELDS} } } } }`;

export const APPROVE_POLICY = `mutation($input: ApprovePolicyVersionInput!) {
  approvePolicyVersion(input: $input) { ${ERROR_FIELDS}
    ... on PolicyVersionApproved { created policyVersion { id version status } } } }`;

export const POLICY_DIFF = `query($id: ID!, $from: ID!, $to: ID!) {
  policyDiff(portfolioId: $id, fromId: $from, toId: $to) { ${ERROR_FIELDS}
    ... on PolicyDiff { fromPolicyHash toPolicyHash changes { path kind beforeJson afterJson } } } }`;

const RUN_FIELDS = `id status trigger cadencePeriod createdAt asOf snapshotHash policyHash
  recommendationHash recommendationStatus lineCount blockedReasons { code subject detail }`;

export const RUNS_PAGE = `query($id: ID!, $after: String) {
  portfolio(id: $id) { ${ERROR_FIELDS} ... on Portfolio { id name frozen } }
  runs(portfolioId: $id, first: 20, after: $after) { ${ERROR_FIELDS}
    ... on RunPage { nextPageToken items { ${RUN_FIELDS} } } }
}`;

export const START_RUN = `mutation($input: StartRunInput!) {
  startRun(input: $input) { ${ERROR_FIELDS} ... on RunStarted { created run { id status lineCount } } } }`;

const RECOMMENDATION_FIELDS = `id outcome status snapshotHash policyHash recommendationHash baseCurrency
  lines { id ticker side quantity sleeve purpose estPrice { amount currency }
    estValue { amount currency } estFee { amount currency } }
  rules { rule subject outcome inputs { name value } }
  dropped { code listingId listing { ticker } side detail inputs { name value } }
  checks { name passed detail }
  sleeves { sleeve targetPct bandPp beforePct afterPct driftBeforePp driftAfterPp
    valueBefore { amount currency } valueAfter { amount currency } }
  totals { cashBefore { amount currency } buys { amount currency } sells { amount currency }
    fees { amount currency } cashAfter { amount currency } }
  blockedReasons { code subject detail }
  rationale decidedAt decidedBy decisionNote version`;

export const RECOMMENDATION_PAGE = `query($id: ID!, $run: ID!) {
  portfolio(id: $id) { ${ERROR_FIELDS} ... on Portfolio { id name } }
  run(portfolioId: $id, id: $run) { ${ERROR_FIELDS} ... on Run { ${RUN_FIELDS} } }
  recommendation(portfolioId: $id, id: $run) { ${ERROR_FIELDS}
    ... on Recommendation { ${RECOMMENDATION_FIELDS} } }
}`;

export const APPROVE_RECOMMENDATION = `mutation($input: ApproveRecommendationInput!) {
  approveRecommendation(input: $input) { ${ERROR_FIELDS} ... on Recommendation { id status } } }`;

export const IGNORE_RECOMMENDATION = `mutation($input: IgnoreRecommendationInput!) {
  ignoreRecommendation(input: $input) { ${ERROR_FIELDS} ... on Recommendation { id status } } }`;

export const REPLAY_RUN = `query($id: ID!, $run: ID!) {
  runReplay(portfolioId: $id, runId: $run) { ${ERROR_FIELDS}
    ... on RunReplay { identical snapshotHashVerified policyHashVerified firstDifferenceOffset } } }`;
