// The client's own logic: error sentences, 422 field errors, and the silent refresh and retry
// after a 401, which must re-send a request's body.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { ApiError, api, fieldErrors, problemMessage, unwrap } from "./client";
import { getAccessToken, setSession } from "./session";
import type { TokenResponse } from "./session";
import { urlOf } from "../ui/testing";

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function tokens(accessToken: string): TokenResponse {
  return {
    access_token: accessToken,
    expires_in: 900,
    token_type: "bearer",
    user: {
      id: 2,
      username: "dr.okafor",
      full_name: "Dr. Amara Okafor",
      email: null,
      role: "doctor",
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

describe("problemMessage", () => {
  it("uses the server's sentence", () => {
    expect(
      problemMessage(new ApiError(409, { type: "x", title: "Conflict", status: 409, detail: "This time is taken." })),
    ).toBe("This time is taken.");
  });

  it("says the server cannot be reached when the request never arrived", () => {
    expect(problemMessage(new ApiError(0, undefined))).toMatch(/cannot be reached/);
    expect(problemMessage(new TypeError("Failed to fetch"))).toMatch(/cannot be reached/);
  });

  it("never shows a raw exception", () => {
    expect(problemMessage(new Error("undefined is not a function"))).toBe(
      "Something went wrong. Please try again in a moment.",
    );
  });
});

describe("fieldErrors", () => {
  it("maps the 422 messages of the body to field paths", () => {
    const error = new ApiError(422, {
      type: "x",
      title: "Invalid input",
      status: 422,
      detail: "name: too short",
      errors: [
        { loc: ["body", "name"], msg: "String should have at least 1 character", type: "string_too_short" },
        {
          loc: ["body", "items", 0, "sets"],
          msg: "Input should be greater than or equal to 1",
          type: "greater_than_equal",
        },
        { loc: ["query", "limit"], msg: "ignored", type: "x" },
        { loc: ["body", "email"], msg: "Value error, not an e-mail address", type: "value_error" },
      ],
    });
    expect(fieldErrors(error)).toEqual({
      name: "String should have at least 1 character",
      "items.0.sets": "Input should be greater than or equal to 1",
      email: "not an e-mail address",
    });
  });
});

describe("the 401 retry", () => {
  beforeEach(() => {
    fetchMock.mockReset();
    setSession(tokens("expired-token"));
  });
  afterEach(() => setSession(null));

  it("refreshes once and sends the request again, body and all, with the new token", async () => {
    const seen: { url: string; auth: string | null; body: string }[] = [];
    fetchMock.mockImplementation(async (input) => {
      const url = urlOf(input);
      if (url.endsWith("/api/v1/auth/refresh")) return json(200, tokens("fresh-token"));
      const request = input as Request;
      seen.push({ url, auth: request.headers.get("Authorization"), body: await request.text() });
      return seen.length === 1
        ? json(401, { type: "x", title: "Not authenticated", status: 401, detail: "Expired." })
        : json(201, { id: 1, body: "Hello" });
    });

    const sent = await unwrap(api.POST("/api/v1/messages", { body: { receiver_id: 5, body: "Hello" } }));

    expect(sent).toEqual({ id: 1, body: "Hello" });
    expect(seen).toHaveLength(2);
    expect(seen[0]?.auth).toBe("Bearer expired-token");
    expect(seen[1]?.auth).toBe("Bearer fresh-token");
    expect(JSON.parse(seen[1]?.body ?? "")).toEqual({ receiver_id: 5, body: "Hello" });
    expect(getAccessToken()).toBe("fresh-token");
  });

  it("gives up (and ends the session) when the refresh is refused, without looping", async () => {
    fetchMock.mockImplementation(async (input) =>
      urlOf(input).endsWith("/api/v1/auth/refresh")
        ? json(401, { type: "x", title: "Not authenticated", status: 401, detail: "Signed out." })
        : json(401, { type: "x", title: "Not authenticated", status: 401, detail: "Expired." }),
    );

    await expect(unwrap(api.GET("/api/v1/users/me"))).rejects.toMatchObject({ status: 401 });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(getAccessToken()).toBeNull();
  });

  it("does not refresh for a wrong password at sign-in", async () => {
    fetchMock.mockResolvedValue(
      json(401, { type: "x", title: "Not authenticated", status: 401, detail: "Wrong password." }),
    );
    await expect(
      unwrap(api.POST("/api/v1/auth/login", { body: { username: "a", password: "b", scope: "" } })),
    ).rejects.toMatchObject({ message: "Wrong password." });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("turns a lost connection into an ApiError with status 0", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    await expect(unwrap(api.GET("/api/v1/users/me"))).rejects.toMatchObject({ status: 0 });
  });
});
