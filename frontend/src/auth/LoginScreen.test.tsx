const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { setSession } from "../api/session";
import { jsonResponse, problem, renderScreen, testUser, urlOf } from "../ui/testing";
import { LoginScreen } from "./LoginScreen";

describe("the sign-in screen", () => {
  beforeEach(() => {
    setSession(null);
    fetchMock.mockReset();
    // No session to restore on page load.
    fetchMock.mockImplementation(async (input) =>
      urlOf(input).endsWith("/auth/refresh") ? problem(401, "No session.") : problem(500, "unexpected"),
    );
  });

  it("asks for what is missing before sending anything", async () => {
    renderScreen(<LoginScreen />, { path: "/login" });
    await userEvent.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter your username.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("Username")).toHaveAttribute("aria-invalid", "true");
    expect(fetchMock.mock.calls.filter(([input]) => urlOf(input).endsWith("/auth/login"))).toHaveLength(0);
  });

  it("says why a sign-in failed, keeps the username and clears the password", async () => {
    fetchMock.mockImplementation(async (input) =>
      urlOf(input).endsWith("/auth/login")
        ? problem(401, "The username or password is not correct.")
        : problem(401, "No session."),
    );
    renderScreen(<LoginScreen />, { path: "/login" });
    await userEvent.type(await screen.findByLabelText("Username"), "dr.okafor");
    await userEvent.type(screen.getByLabelText("Password"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The username or password is not correct.");
    expect(screen.getByLabelText("Username")).toHaveValue("dr.okafor");
    expect(screen.getByLabelText("Password")).toHaveValue("");
  });

  it("sends the OAuth2 form and opens the role's start page", async () => {
    let sent = "";
    fetchMock.mockImplementation(async (input) => {
      if (!urlOf(input).endsWith("/auth/login")) return problem(401, "No session.");
      sent = await (input as Request).text();
      return jsonResponse(200, { access_token: "t", expires_in: 900, token_type: "bearer", user: testUser("doctor") });
    });
    renderScreen(<LoginScreen />, { path: "/login", pattern: "/login" });
    await userEvent.type(await screen.findByLabelText("Username"), "dr.okafor");
    await userEvent.type(screen.getByLabelText("Password"), "demo-clinic-2026");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));

    await waitFor(() => expect(screen.getByText("Elsewhere")).toBeInTheDocument());
    expect(new URLSearchParams(sent).get("username")).toBe("dr.okafor");
    expect(new URLSearchParams(sent).get("password")).toBe("demo-clinic-2026");
    setSession(null);
  });
});
