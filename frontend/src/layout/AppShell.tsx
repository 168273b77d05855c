import { type RefObject, useEffect, useRef } from "react";
import { Link, NavigationType, Outlet, useLocation, useNavigate, useNavigationType } from "react-router";

import { useAuth, useCurrentUser } from "../auth/AuthProvider";
import { BrandMark } from "../auth/AuthLayout";
import { Avatar } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ROLE_LABELS } from "../ui/format";
import { MainNavigation } from "./MainNavigation";
import { homePathFor } from "./navigation";
import { usePush } from "./usePush";

/** After going to another screen, move focus to its heading, as a page load would, so
 * screen-reader and keyboard users start at the top of what changed. Changes made in place
 * (a tab, a filter: navigations that replace the entry) leave focus where it is, and so does a
 * person who focused something else before the heading's turn came. */
export function useFocusHeadingOnNavigate(main: RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  const navigationType = useNavigationType();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (navigationType === NavigationType.Replace) return;
    const focusedOnArrival = document.activeElement;
    const timer = setTimeout(() => {
      // Someone who already moved on (clicked into the message box, say) keeps their focus:
      // taking it away would send their next keystrokes elsewhere.
      const focused = document.activeElement;
      if (focused !== focusedOnArrival && focused !== document.body) return;
      main.current?.querySelector<HTMLElement>("h1")?.focus();
    }, 50);
    return () => clearTimeout(timer);
  }, [pathname, navigationType, main]);
}

export function AppShell() {
  const user = useCurrentUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  usePush();
  const main = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigate(main);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <Link to={homePathFor(user.role)} className="brand-link" aria-label="Telerehab, start page">
          <BrandMark />
        </Link>
        <span className="spacer" />
        <Link to="/account" className="user-menu-button nav-link" aria-label={`My account: ${user.full_name}`}>
          <Avatar name={user.full_name} />
          <span className="user-name">
            {user.full_name}
            <span className="muted small"> · {ROLE_LABELS[user.role]}</span>
          </span>
        </Link>
        <Button
          variant="secondary"
          size="small"
          onPress={() => {
            void signOut().then(() => navigate("/login", { replace: true }));
          }}
        >
          Sign out
        </Button>
      </header>
      <MainNavigation />
      <main id="main" className="shell-main" ref={main} tabIndex={-1}>
        <div className="page">
          <Outlet />
        </div>
      </main>
    </div>
  );
}
