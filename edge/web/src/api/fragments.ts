// Selections every result union shares: the payload's type name and any expected error.
export const ERROR_FIELDS = `
  __typename
  ... on Error { message }
  ... on ValidationError { fieldErrors { field message } }
  ... on StaleVersion { currentVersion }
  ... on AlreadyExists { reason }
  ... on FailedPrecondition { reason field }
`;

/** Who did something (an Actor): select this wherever one is read. */
export const ACTOR_FIELDS = "id name role";

/** A client-generated id: replaying a create with it returns the first result. */
export function requestId(): string {
  return crypto.randomUUID();
}
