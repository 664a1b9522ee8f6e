// Personal API tokens: create (the secret is shown once), list, revoke.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS } from "../api/fragments";
import { isError, type ApiError, type ApiToken } from "../api/types";
import { ConfirmButton } from "../components/Confirm";
import { Field, FormMessage, Section, useSubmit } from "../components/forms";
import { Loading } from "../components/Loading";
import { when as shown } from "../format";

const LIST = `{ apiTokens { ${ERROR_FIELDS} ... on ApiTokenList { items {
  id name createdAt expiresAt revokedAt lastUsedAt } } } }`;
const CREATE = `mutation($name: String!) { createApiToken(name: $name) { ${ERROR_FIELDS}
  ... on ApiTokenCreated { secret apiToken { id name } } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { ${ERROR_FIELDS} ... on ApiToken { id } } }`;

type Created = { __typename: "ApiTokenCreated"; secret: string; apiToken: { id: string; name: string } };

function when(value: string | null): string {
  return shown(value) || "–";
}

export function ApiTokensPage() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<Created | null>(null);
  const { feedback, busy, submit } = useSubmit(["name"]);
  const load = useCallback(async () => {
    const result = (await gql<{ apiTokens: { __typename: "ApiTokenList"; items: ApiToken[] } | ApiError }>(LIST)).apiTokens;
    if (isError(result)) setProblem(result.message);
    else setTokens(result.items);
  }, []);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);

  const create = (event: FormEvent) => {
    event.preventDefault();
    void submit<Created>(
      async () => (await gql<{ createApiToken: Created | ApiError }>(CREATE, { name })).createApiToken,
      async (created) => {
        setSecret(created);
        setName("");
        await load();
      },
    );
  };
  const revoke = (id: string) =>
    void submit<{ __typename: "ApiToken"; id: string }>(
      async () => (await gql<{ revokeApiToken: { __typename: "ApiToken"; id: string } | ApiError }>(REVOKE, { id })).revokeApiToken,
      load,
      "Token revoked.",
    );

  return (
    <>
      <Section title="API tokens" level={1}>
        <p>Call any service with <code>grpcurl -H 'authorization: Bearer &lt;token&gt;'</code> or the GraphQL API with <code>Authorization: Bearer &lt;token&gt;</code>.</p>
        {secret && (
          <div className="secret" role="status">
            <p>New token <strong>{secret.apiToken.name}</strong>. Copy it now: it will not be shown again.</p>
            <code data-testid="token-secret">{secret.secret}</code>
            <button type="button" className="secondary" onClick={() => setSecret(null)}>I have copied it</button>
          </div>
        )}
        {problem && <p className="form-error" role="alert">{problem}</p>}
        {tokens === null && !problem && <Loading what="tokens" />}
        {tokens?.length === 0 && <p className="empty">No API tokens yet. Create one below for a script or grpcurl.</p>}
        {tokens && tokens.length > 0 && (
          <div className="table-scroll">
          <table className="grid" aria-label="API tokens">
            <thead><tr><th>Name</th><th>Created</th><th>Expires</th><th>Last used</th><th>State</th><th /></tr></thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td><td>{when(t.createdAt)}</td><td>{when(t.expiresAt)}</td>
                  <td>{when(t.lastUsedAt)}</td><td>{t.revokedAt ? `revoked ${when(t.revokedAt)}` : "active"}</td>
                  <td>
                    {!t.revokedAt && (
                      <ConfirmButton label="Revoke" action={`Revoke token ${t.name}`} disabled={busy}
                        question={<>Revoke <strong>{t.name}</strong>? Anything using it is refused from now on.</>}
                        confirmText="Confirm: revoke" onConfirm={() => revoke(t.id)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Section>
      <Section title="New API token">
        <form className="inline-form" onSubmit={create} aria-label="New API token">
          <Field label="Token name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={feedback.fields.name} />
          <button type="submit" disabled={busy}>Create token</button>
        </form>
        <FormMessage feedback={feedback} />
      </Section>
    </>
  );
}
