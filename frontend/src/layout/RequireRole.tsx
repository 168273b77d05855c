import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";

import type { UserRole } from "../api/types";
import { useAuth } from "../auth/AuthProvider";
import { ForcedPasswordChangeScreen } from "../auth/ForcedPasswordChangeScreen";
import { Button } from "../ui/Button";
import { Loading } from "../ui/Feedback";
import { NotFoundScreen } from "./NotFoundScreen";

/** Signed in, and in one of these roles; otherwise sign in first (and come back here), or a
 * plain "not found": a page that is not part of your account does not exist for you. */
export function RequireRole({ roles, children }: { roles?: UserRole[]; children?: ReactNode }) {
  const { status, user, retryRestore } = useAuth();
  const location = useLocation();

  if (status === "restoring") return <Loading label="Signing you in…" page />;
  if (status === "offline") {
    return (
      <main className="auth-page">
        <div className="auth-card" role="alert">
          <h1>Telerehab cannot be reached</h1>
          <p>Check your internet connection, then try again. Nothing you saved is lost.</p>
          <Button variant="primary" size="large" onPress={retryRestore}>
            Try again
          </Button>
        </div>
      </main>
    );
  }
  if (!user) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  // After an admin's password reset, nothing else until the account chose a new one.
  if (user.must_change_password) return <ForcedPasswordChangeScreen />;
  if (roles && !roles.includes(user.role)) return <NotFoundScreen />;
  return children ?? <Outlet />;
}
