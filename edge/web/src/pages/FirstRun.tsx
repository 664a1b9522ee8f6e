// First run: no user exists yet, so the person at the keyboard creates the admin.
import { useState, type FormEvent } from "react";
import { gql } from "../api/client";
import { ERROR_FIELDS } from "../api/fragments";
import type { ApiError, User } from "../api/types";
import { Field, FormMessage, useSubmit } from "../components/forms";
import { useSession } from "../session";

const CREATE = `mutation($email: String!, $password: String!) {
  createFirstAdmin(email: $email, password: $password) { ${ERROR_FIELDS} ... on User { id } }
}`;

export function FirstRunPage() {
  const session = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState<string | undefined>();
  const { feedback, busy, submit } = useSubmit(["email", "password"]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch("the two passwords differ");
      return;
    }
    setMismatch(undefined);
    void submit<User & { __typename: "User" }>(
      async () =>
        (await gql<{ createFirstAdmin: (User & { __typename: "User" }) | ApiError }>(CREATE, {
          email,
          password,
        })).createFirstAdmin,
      () => session.refresh(),
    );
  };

  return (
    <main className="centered">
      <form className="card narrow" onSubmit={onSubmit} aria-labelledby="first-run-title">
        <h1 id="first-run-title">Welcome to Trading Assistant</h1>
        <p>No one has signed up yet. Create the administrator account.</p>
        <Field label="Email" name="email" type="email" autoComplete="username" value={email}
          onChange={(e) => setEmail(e.target.value)} error={feedback.fields.email} required />
        <Field label="Password" name="password" type="password" autoComplete="new-password"
          value={password} onChange={(e) => setPassword(e.target.value)}
          error={feedback.fields.password} required />
        <Field label="Confirm password" name="confirm" type="password" autoComplete="new-password"
          value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch} required />
        <FormMessage feedback={feedback} />
        <button type="submit" disabled={busy}>Create admin</button>
      </form>
    </main>
  );
}
