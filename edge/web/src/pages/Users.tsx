// Users (admins only): who can sign in, and a form to add someone.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS } from "../api/fragments";
import { isError, type ApiError, type User } from "../api/types";
import { Field, FormMessage, Section, useSubmit } from "../components/forms";
import { Loading } from "../components/Loading";

const LIST = `{ users { ${ERROR_FIELDS} ... on UserList { items { id email role } } } }`;
const CREATE = `mutation($email: String!, $password: String!, $role: Role!) {
  createUser(email: $email, password: $password, role: $role) { ${ERROR_FIELDS} ... on User { id } } }`;

export function UsersPage() {
  const [users, setUsers] = useState<User[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState("USER");
  const { feedback, busy, submit } = useSubmit(["email", "password", "role"]);
  const load = useCallback(async () => {
    const result = (await gql<{ users: { __typename: "UserList"; items: User[] } | ApiError }>(LIST)).users;
    if (isError(result)) setProblem(result.message);
    else setUsers(result.items);
  }, []);
  useEffect(() => {
    void load().catch((error: Error) => setProblem(error.message));
  }, [load]);
  const create = (event: FormEvent) => {
    event.preventDefault();
    void submit<{ __typename: "User"; id: string }>(
      async () => (await gql<{ createUser: { __typename: "User"; id: string } | ApiError }>(CREATE, { email, password, role })).createUser,
      async () => {
        setEmail("");
        setPassword("");
        await load();
      },
      "User created.",
    );
  };
  return (
    <>
      <Section title="Users" level={1}>
        <p className="meta">Who can sign in. Each user sees only their own portfolios; admins also manage users.</p>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        {users === null && !problem && <Loading what="users" />}
        {users && (
          <div className="table-scroll">
            <table className="grid" aria-label="Users">
              <thead><tr><th>Email</th><th>Role</th></tr></thead>
              <tbody>{users.map((u) => <tr key={u.id}><td>{u.email}</td><td>{u.role?.toLowerCase()}</td></tr>)}</tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title="New user">
        <form className="inline-form" onSubmit={create} aria-label="New user">
          <Field label="Email" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={feedback.fields.email} />
          <Field label="Password" name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={feedback.fields.password} />
          <label className="field">
            <span>Role</span>
            <select name="role" value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="USER">user</option>
              <option value="ADMIN">admin</option>
            </select>
          </label>
          <button type="submit" disabled={busy}>Create user</button>
        </form>
        <FormMessage feedback={feedback} />
      </Section>
    </>
  );
}
