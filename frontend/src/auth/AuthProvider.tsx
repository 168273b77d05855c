// Who is signed in, for the whole app. On page load the session is restored from the refresh
// cookie (a reload keeps you signed in); afterwards session.ts keeps the access token fresh.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";

import { api, unwrap } from "../api/client";
import {
  getCurrentUser,
  getSignOutReason,
  onSessionChange,
  refreshSessionOutcome,
  setSession,
  signOut as endSession,
  type SignOutReason,
  type User,
} from "../api/session";

export type AuthStatus = "restoring" | "signed-in" | "signed-out" | "offline";

interface AuthContextValue {
  status: AuthStatus;
  user: User | null;
  signOutReason: SignOutReason | null;
  signIn: (username: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
  retryRestore: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth() needs an <AuthProvider> above it");
  return value;
}

/** The signed-in user; for screens that only render behind a guard. */
export function useCurrentUser(): User {
  const { user } = useAuth();
  if (!user) throw new Error("useCurrentUser() outside a signed-in route");
  return user;
}

export async function signInWithPassword(username: string, password: string): Promise<User> {
  const tokens = await unwrap(
    api.POST("/api/v1/auth/login", {
      body: { username, password, scope: "" },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    }),
  );
  setSession(tokens);
  return tokens.user;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<User | null>(getCurrentUser);
  const [status, setStatus] = useState<AuthStatus>(getCurrentUser() ? "signed-in" : "restoring");
  const [attempt, setAttempt] = useState(0);

  useEffect(
    () =>
      onSessionChange((next) => {
        setUser(next);
        setStatus(next ? "signed-in" : "signed-out");
        // Nothing of one user's data may be shown to the next one at this screen.
        if (!next) queryClient.clear();
      }),
    [queryClient],
  );

  useEffect(() => {
    if (getCurrentUser()) return;
    let active = true;
    void refreshSessionOutcome().then((outcome) => {
      if (active) setStatus(outcome);
    });
    return () => {
      active = false;
    };
  }, [attempt]);

  const signIn = useCallback((username: string, password: string) => signInWithPassword(username, password), []);
  const signOut = useCallback(() => endSession(), []);
  const retryRestore = useCallback(() => {
    setStatus("restoring");
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ status, user, signOutReason: getSignOutReason(), signIn, signOut, retryRestore }),
    [status, user, signIn, signOut, retryRestore],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
