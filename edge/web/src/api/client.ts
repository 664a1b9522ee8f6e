// The GraphQL client: fetch for queries and mutations, graphql-ws for subscriptions.
// The session lives in an HttpOnly cookie the page never sees; mutations carry the
// CSRF cookie's value in X-TA-CSRF (double submit), which another site cannot do.
import { createClient, type Client } from "graphql-ws";

const ENDPOINT = "/graphql";
const CSRF_COOKIE = "ta_csrf";
const CSRF_HEADER = "X-TA-CSRF";

export class GraphQLRequestError extends Error {}

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const found = document.cookie.split("; ").find((part) => part.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : undefined;
}

async function post<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  const response = await fetch(ENDPOINT, {
    method: "POST",
    credentials: "same-origin",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => null);
  if (!body || body.errors?.length) {
    const message = body?.errors?.map((e: { message: string }) => e.message).join("; ");
    throw new GraphQLRequestError(message || `the server answered ${response.status}`);
  }
  return body.data as T;
}

/** Run a query or mutation; rejects on transport or GraphQL errors, never on typed results. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  // The edge issues the CSRF cookie on any response; get one before the first mutation.
  if (!readCookie(CSRF_COOKIE) && /^\s*mutation/.test(query)) {
    await post("{ __typename }", {});
  }
  return post<T>(query, variables);
}

let subscriptions: Client | undefined;

function subscriptionClient(): Client {
  if (!subscriptions) {
    const url = new URL(ENDPOINT, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    // The session cookie rides on the handshake; the edge accepts same-origin only.
    subscriptions = createClient({ url: url.toString(), lazy: true, retryAttempts: 5 });
  }
  return subscriptions;
}

/** Subscribe; returns the function that ends the subscription. */
export function subscribe<T>(
  query: string,
  onData: (data: T) => void,
  onError: (error: unknown) => void = () => {},
  variables: Record<string, unknown> = {},
): () => void {
  return subscriptionClient().subscribe<T>(
    { query, variables },
    {
      next: (result) => result.data && onData(result.data as T),
      error: onError,
      complete: () => {},
    },
  );
}

/** Close the WebSocket (after sign-out: the next subscriber connects with the new cookie). */
export function resetSubscriptions(): void {
  subscriptions?.dispose();
  subscriptions = undefined;
}
