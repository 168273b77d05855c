const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import {
  type TokenResponse,
  getAccessToken,
  getCurrentUser,
  getSignOutReason,
  onSessionChange,
  refreshSession,
  refreshSessionOutcome,
  renewDelaySeconds,
  setSession,
  signOut,
} from "./session";
import { urlOf } from "../ui/testing";

function tokens(accessToken: string, expiresIn = 900): TokenResponse {
  return {
    access_token: accessToken,
    expires_in: expiresIn,
    token_type: "bearer",
    user: {
      id: 5,
      username: "ada.achebe",
      full_name: "Ada Achebe",
      email: null,
      role: "patient",
      is_active: true,
      must_change_password: false,
      date_of_birth: null,
      phone: null,
      time_zone: "UTC",
      reminder_time: null,
      created_at: "2026-01-01T00:00:00Z",
    },
  };
}

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

describe("the session", () => {
  beforeEach(() => {
    fetchMock.mockReset();
    setSession(null);
  });

  it("shares one refresh between concurrent callers (a refresh token works once)", async () => {
    fetchMock.mockResolvedValue(ok(tokens("new")));
    const results = await Promise.all([refreshSession(), refreshSession(), refreshSession()]);
    expect(results).toEqual([true, true, true]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(getAccessToken()).toBe("new");
    expect(getCurrentUser()?.username).toBe("ada.achebe");
  });

  it("tells a spent sign-in from a server that cannot be reached", async () => {
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await refreshSessionOutcome()).toBe("offline");
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 401 }));
    expect(await refreshSessionOutcome()).toBe("signed-out");
  });

  it("keeps a session when the refresh is only rate-limited", async () => {
    setSession(tokens("current"));
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 429 }));
    expect(await refreshSessionOutcome()).toBe("offline");
    expect(getAccessToken()).toBe("current");
  });

  it("renews the access token a minute before it runs out", async () => {
    vi.useFakeTimers();
    try {
      fetchMock.mockResolvedValue(ok(tokens("renewed")));
      setSession(tokens("first", 900));
      await vi.advanceTimersByTimeAsync(839_000);
      expect(fetchMock).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect(getAccessToken()).toBe("renewed");
    } finally {
      setSession(null);
      vi.useRealTimers();
    }
  });

  it("renews short-lived tokens before they run out too", () => {
    expect(renewDelaySeconds(900)).toBe(840);
    expect(renewDelaySeconds(60)).toBe(48);
    expect(renewDelaySeconds(3)).toBe(5);
  });

  it("says why it ended: expired, or signed out on purpose", async () => {
    setSession(tokens("a"));
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 401 }));
    await refreshSession();
    expect(getSignOutReason()).toBe("expired");

    setSession(tokens("b"));
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await signOut();
    expect(getSignOutReason()).toBe("signed-out");
    expect(getAccessToken()).toBeNull();
    const [logoutRequest] = fetchMock.mock.calls.at(-1) ?? [""];
    expect(urlOf(logoutRequest)).toContain("/api/v1/auth/logout");
  });

  it("tells listeners about every change", () => {
    const seen: (string | null)[] = [];
    const stop = onSessionChange((user) => seen.push(user?.username ?? null));
    setSession(tokens("x"));
    setSession(null);
    stop();
    setSession(tokens("y"));
    expect(seen).toEqual(["ada.achebe", null]);
    setSession(null);
  });
});
