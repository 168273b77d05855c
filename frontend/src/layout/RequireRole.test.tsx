const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";

import { setSession } from "../api/session";
import { AuthProvider } from "../auth/AuthProvider";
import { problem, signInAs, testUser } from "../ui/testing";
import { NAVIGATION, homePathFor, isPathForRole } from "./navigation";
import { RequireRole } from "./RequireRole";

function LoginProbe() {
  const location = useLocation();
  return <p>Sign in, then back to {(location.state as { from: string }).from}</p>;
}

function renderAt(path: string) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <Routes>
            <Route path="/login" element={<LoginProbe />} />
            <Route element={<RequireRole roles={["doctor"]} />}>
              <Route path="/patients" element={<p>The patient list</p>} />
            </Route>
          </Routes>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("route guards", () => {
  afterEach(() => setSession(null));

  it("sends a signed-out visitor to sign in, remembering where they were going", async () => {
    fetchMock.mockResolvedValue(problem(401, "No session."));
    renderAt("/patients?search=ada");
    expect(await screen.findByText("Sign in, then back to /patients?search=ada")).toBeInTheDocument();
  });

  it("shows the page to its role", () => {
    signInAs(testUser("doctor"));
    renderAt("/patients");
    expect(screen.getByText("The patient list")).toBeInTheDocument();
  });

  it("answers 'not found' to another role, as the API does", () => {
    signInAs(testUser("patient"));
    renderAt("/patients");
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(screen.queryByText("The patient list")).not.toBeInTheDocument();
  });

  it("says when the server cannot be reached instead of signing out", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    renderAt("/patients");
    expect(await screen.findByRole("heading", { name: "Telerehab cannot be reached" })).toBeInTheDocument();
  });
});

describe("navigation", () => {
  it("keeps the screen names people and tests look for", () => {
    expect(NAVIGATION.doctor.map((item) => item.label)).toEqual([
      "Dashboard",
      "Patients",
      "Routines",
      "Library",
      "Schedule",
      "Monitoring",
      "Messages",
      "Notifications",
    ]);
    expect(NAVIGATION.patient.map((item) => item.label)).toEqual(
      expect.arrayContaining(["Today", "Progress", "Appointments", "Brain games", "Messages", "Notifications"]),
    );
    expect(NAVIGATION.admin.map((item) => item.label)).toEqual(
      expect.arrayContaining(["Accounts", "Assignments", "Audit log"]),
    );
  });

  it("returns after sign-in only to a page of the role that signed in", () => {
    expect(isPathForRole("/patients/5/plan?week=2026-11-23", "doctor")).toBe(true);
    expect(isPathForRole("/patients/5/plan", "patient")).toBe(false);
    expect(isPathForRole("/exercise?item=3", "patient")).toBe(true);
    expect(isPathForRole("/admin/audit", "admin")).toBe(true);
    expect(isPathForRole("/account", "admin")).toBe(true);
    expect(isPathForRole("/todayx", "patient")).toBe(false);
  });

  it("starts each role on its first screen", () => {
    expect(homePathFor("doctor")).toBe("/dashboard");
    expect(homePathFor("patient")).toBe("/today");
    expect(homePathFor("admin")).toBe("/admin/accounts");
  });
});
