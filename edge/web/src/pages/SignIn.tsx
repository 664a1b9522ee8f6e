// Sign in: the edge answers with an HttpOnly session cookie, so the page keeps no secret.
import { useState, type FormEvent } from "react";
import { gql, resetSubscriptions } from "../api/client";
import { ERROR_FIELDS } from "../api/fragments";
import type { ApiError } from "../api/types";
import { Field, FormMessage, useSubmit } from "../components/forms";
import { useSession } from "../session";

const SIGN_IN = `mutation($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { ${ERROR_FIELDS} ... on SignedIn { user { id } } }
}`;

type SignedIn = { __typename: "SignedIn"; user: { id: string } };

export function SignInPage() {
  const session = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { feedback, busy, submit } = useSubmit(["email", "password"]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit<SignedIn>(
      async () =>
        (await gql<{ signIn: SignedIn | ApiError }>(SIGN_IN, { email, password })).signIn,
      async () => {
        resetSubscriptions();
        await session.refresh();
      },
    );
  };

  return (
    <main className="centered">
      <form className="card narrow" onSubmit={onSubmit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <Field label="Email" name="email" type="email" autoComplete="username" value={email}
          onChange={(e) => setEmail(e.target.value)} error={feedback.fields.email} required />
        <Field label="Password" name="password" type="password" autoComplete="current-password"
          value={password} onChange={(e) => setPassword(e.target.value)}
          error={feedback.fields.password} required />
        <FormMessage feedback={feedback} />
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
    </main>
  );
}
