import { useAuth } from "../auth/AuthProvider";
import { LinkButton } from "../ui/Button";
import { useDocumentTitle } from "../ui/PageHeader";
import { homePathFor } from "./navigation";

export function NotFoundScreen() {
  const { user } = useAuth();
  useDocumentTitle("Page not found");
  return (
    <div className="page not-found">
      <p className="code" aria-hidden="true">
        404
      </p>
      <h1 tabIndex={-1}>Page not found</h1>
      <p className="muted">
        This page does not exist, or it is not part of your account. Check the address, or go back to your start page.
      </p>
      <LinkButton to={user ? homePathFor(user.role) : "/login"} variant="primary">
        {user ? "Go to my start page" : "Go to sign in"}
      </LinkButton>
    </div>
  );
}
