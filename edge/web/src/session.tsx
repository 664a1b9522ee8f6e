// Who is signed in, and whether the first admin still has to be created.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { gql } from "./api/client";
import type { User } from "./api/types";

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

/** How to name the user behind an id: "you" when it is the signed-in user. */
export function useWho(): (userId: string | null | undefined) => string {
  const { me } = useSession();
  return (userId) => (!userId ? "system" : userId === me?.id ? "you" : `user ${userId.slice(0, 8)}`);
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
