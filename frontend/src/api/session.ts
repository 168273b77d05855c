// The signed-in session. The access token lives in memory only (never localStorage, never a
// URL); the refresh token is an httpOnly cookie the browser sends to /api/v1/auth by itself.
import { setViewerTimeZone } from "../ui/timeZones";
import type { components } from "./schema";

export type User = components["schemas"]["UserRead"];
export type TokenResponse = components["schemas"]["TokenResponse"];

/** Why the session ended, so the sign-in screen can say so. */
export type SignOutReason = "signed-out" | "expired";

type Listener = (user: User | null) => void;

let accessToken: string | null = null;
let currentUser: User | null = null;
let lastSignOutReason: SignOutReason | null = null;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<Listener>();

// Renew a minute before the access token runs out (or at 80% of a short lifetime), so
// requests rarely meet a 401 at all.
const RENEW_BEFORE_EXPIRY_SECONDS = 60;

export function renewDelaySeconds(expiresIn: number): number {
  return Math.max(expiresIn - Math.min(RENEW_BEFORE_EXPIRY_SECONDS, expiresIn * 0.2), 5);
}
const REFRESH_URL = "/api/v1/auth/refresh";
const LOGOUT_URL = "/api/v1/auth/logout";
// A refresh token works once, and the browser shares its cookie between tabs: two tabs that
// refreshed at the same moment would spend it twice and end the sign-in. A Web Lock makes the
// tabs take turns; the second one then sends the cookie the first one received.
const REFRESH_LOCK = "telerehab-refresh";
// Signing out in one tab signs out the others.
const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("telerehab-session");

export function getAccessToken(): string | null {
  return accessToken;
}

export function getCurrentUser(): User | null {
  return currentUser;
}

/** Why the last session ended (null while signed in or before the first sign-in). */
export function getSignOutReason(): SignOutReason | null {
  return lastSignOutReason;
}

export function setSession(tokens: TokenResponse | null, reason: SignOutReason = "signed-out"): void {
  const wasSignedIn = currentUser !== null;
  accessToken = tokens?.access_token ?? null;
  currentUser = tokens?.user ?? null;
  setViewerTimeZone(currentUser?.time_zone ?? null);
  lastSignOutReason = tokens ? null : wasSignedIn ? reason : lastSignOutReason;
  clearTimeout(renewTimer);
  if (tokens) {
    renewTimer = setTimeout(() => void refreshSession(), renewDelaySeconds(tokens.expires_in) * 1000);
  }
  listeners.forEach((listener) => listener(currentUser));
}

/** Replace the signed-in user's profile (after they edit it) without touching the tokens. */
export function updateCurrentUser(user: User): void {
  if (!currentUser) return;
  currentUser = user;
  setViewerTimeZone(user.time_zone);
  listeners.forEach((listener) => listener(currentUser));
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What a refresh found: a session, none (the cookie is missing or spent), or no server. */
export type RefreshOutcome = "signed-in" | "signed-out" | "offline";

async function postRefresh(): Promise<RefreshOutcome> {
  let response: Response;
  try {
    response = await fetch(REFRESH_URL, { method: "POST", credentials: "same-origin" });
  } catch {
    return "offline";
  }
  if (response.status === 401) {
    setSession(null, "expired");
    return "signed-out";
  }
  if (!response.ok) return "offline"; // 429 or 5xx: the sign-in may still be good
  setSession((await response.json()) as TokenResponse);
  return "signed-in";
}

function withRefreshLock(task: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  // LockManager.request resolves with what the callback's promise resolves with.
  return locks ? locks.request(REFRESH_LOCK, task).then((outcome) => outcome) : task();
}

let refreshing: Promise<RefreshOutcome> | null = null;

/** Trade the refresh cookie for a new access token, saying how it went. Concurrent callers
 * share one request, since a refresh token works once. */
export function refreshSessionOutcome(): Promise<RefreshOutcome> {
  refreshing ??= withRefreshLock(postRefresh).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Trade the refresh cookie for a new access token; true when signed in afterwards. */
export function refreshSession(): Promise<boolean> {
  return refreshSessionOutcome().then((outcome) => outcome === "signed-in");
}

/** End the sign-in on the server (the refresh cookie) and here, and in the other tabs. */
export async function signOut(): Promise<void> {
  try {
    await fetch(LOGOUT_URL, { method: "POST", credentials: "same-origin" });
  } catch {
    // Offline: forget the session here anyway; the refresh token expires on its own.
  }
  setSession(null, "signed-out");
  channel?.postMessage("signed-out");
}

channel?.addEventListener("message", (event: MessageEvent) => {
  if (event.data === "signed-out" && currentUser) setSession(null, "signed-out");
});
