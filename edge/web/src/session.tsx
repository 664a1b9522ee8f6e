// Who is signed in, and whether the first admin still has to be created.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { gql } from "./api/client";
import type { Actor, User } from "./api/types";

interface SessionState {
  loading: boolean;
  error: string | null;
  me: User | null;
  needsFirstAdmin: boolean;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

const SESSION_QUERY = `{ me { id email role } setupState { needsFirstAdmin } }`;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState({
    loading: true,
    error: null as string | null,
    me: null as User | null,
    needsFirstAdmin: false,
  });
  const refresh = useCallback(async () => {
    try {
      const data = await gql<{ me: User | null; setupState: { needsFirstAdmin: boolean } }>(
        SESSION_QUERY,
      );
      setState({
        loading: false,
        error: null,
        me: data.me,
        needsFirstAdmin: data.setupState.needsFirstAdmin,
      });
    } catch (error) {
      setState((s) => ({ ...s, loading: false, error: String((error as Error).message) }));
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <SessionContext.Provider value={{ ...state, refresh }}>{children}</SessionContext.Provider>
  );
}

/** How to name who did something: "you" for the signed-in user, "system" for nobody, a person's
 * email or a service account's name, and a short id only when the API could not name them. */
export function useWho(): (actor: Actor | null | undefined) => string {
  const { me } = useSession();
  return (actor) => actorName(actor, me?.id ?? null);
}

function actorName(actor: Actor | null | undefined, meId: string | null): string {
  if (!actor) return "system";
  if (actor.id === meId) return "you";
  if (!actor.name) return `user ${actor.id.slice(0, 8)}`;
  return actor.role === "SERVICE" ? `${actor.name} (service)` : actor.name;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
