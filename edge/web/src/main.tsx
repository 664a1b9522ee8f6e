// Entry point: the session decides between first-run, sign-in and the app shell.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { FirstRunPage } from "./pages/FirstRun";
import { SignInPage } from "./pages/SignIn";
import { Shell } from "./pages/Shell";
import { SessionProvider, useSession } from "./session";
import "./styles.css";

function App() {
  const session = useSession();
  if (session.loading) return <p className="loading">Loading…</p>;
  if (session.error && !session.me) {
    return (
      <main className="centered">
        <p className="form-error" role="alert">
          The server did not answer: {session.error}
        </p>
        <button onClick={() => void session.refresh()}>Try again</button>
      </main>
    );
  }
  if (session.needsFirstAdmin) return <FirstRunPage />;
  if (!session.me) return <SignInPage />;
  return <Shell me={session.me} />;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
