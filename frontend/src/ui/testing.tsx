// Test support: a screen with the app's providers around it, and canned API answers.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { configure, render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";

import { setSession, type TokenResponse, type User } from "../api/session";
import { AuthProvider } from "../auth/AuthProvider";
import { UnsavedChangesGuard } from "./UnsavedChanges";

// findBy... waits up to 4 s (not 1 s): a busy CI machine renders react-aria widgets slowly.
configure({ asyncUtilTimeout: 4000 });

export function testUser(role: User["role"], overrides: Partial<User> = {}): User {
  return {
    id: role === "patient" ? 5 : role === "doctor" ? 2 : 1,
    username: role === "patient" ? "ada.achebe" : role === "doctor" ? "dr.okafor" : "admin",
    full_name: role === "patient" ? "Ada Achebe" : role === "doctor" ? "Dr. Amara Okafor" : "Clinic Administrator",
    email: null,
    role,
    is_active: true,
    must_change_password: false,
    date_of_birth: null,
    phone: null,
    time_zone: "UTC",
    reminder_time: null,
    created_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

export function signInAs(user: User): void {
  const tokens: TokenResponse = { access_token: "test-token", expires_in: 900, token_type: "bearer", user };
  setSession(tokens);
}

/** The address a mocked fetch was called with, whether it got a Request or a string. */
export function urlOf(input: Request | string): string {
  return typeof input === "string" ? input : input.url;
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": status === 204 ? "text/plain" : "application/json" },
  });
}

export function problem(status: number, detail: string) {
  return jsonResponse(status, { type: "about:blank", title: "Error", status, detail });
}

/** Render `element` at `path` (matched by `pattern`), with a query client, router and auth. */
export function renderScreen(
  element: ReactElement,
  { path = "/", pattern = "*" }: { path?: string; pattern?: string } = {},
) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  // A data router, as in the app, so that screens holding unsaved changes (useBlocker) render.
  const router = createMemoryRouter(
    [
      {
        path: pattern,
        element: (
          <AuthProvider>
            <UnsavedChangesGuard>{element}</UnsavedChangesGuard>
          </AuthProvider>
        ),
      },
      { path: "*", element: <p>Elsewhere</p> },
    ],
    { initialEntries: [path] },
  );
  return render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}
