import { useState } from "react";
import { NavLink, useLocation } from "react-router";

import { useCurrentUser } from "../auth/AuthProvider";
import { useUnreadMessages } from "../messages/queries";
import { useUnreadNotifications } from "../notifications/queries";
import { CountBadge } from "../ui/Badge";
import { type BadgeSource, NAVIGATION, type NavItem } from "./navigation";

function useBadgeCounts(): Record<BadgeSource, number> {
  const user = useCurrentUser();
  const notifications = useUnreadNotifications();
  const messages = useUnreadMessages(user.role !== "admin");
  return { notifications: notifications.data ?? 0, messages: messages.data ?? 0 };
}

/** The screen a path belongs to, for the phone's menu button ("Menu: Today"). */
export function currentItem(items: NavItem[], pathname: string): NavItem | undefined {
  return items.find((item) => pathname === item.to || pathname.startsWith(`${item.to}/`));
}

/** The role's screens: a column beside the page on a desk, a row under the header on a tablet,
 * and on a phone a "Menu" button that opens the list, so that eight links do not push the
 * page below the fold. Unread counts show on the links and, while the menu is shut, on it. */
export function MainNavigation() {
  const user = useCurrentUser();
  const counts = useBadgeCounts();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);

  const items = NAVIGATION[user.role];
  const here = currentItem(items, pathname);
  const unread = items.reduce((sum, item) => sum + (item.badge ? counts[item.badge] : 0), 0);
  return (
    <nav className="shell-nav" aria-label="Main">
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={open}
        aria-controls="main-navigation-links"
        aria-describedby={!open && unread > 0 ? "nav-badge-menu" : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true" className="nav-toggle-icon">
          {open ? "✕" : "☰"}
        </span>
        <span>Menu{here && <span className="nav-toggle-here">: {here.label}</span>}</span>
        {!open && <CountBadge count={unread} id="nav-badge-menu" label="unread" />}
      </button>
      <ul id="main-navigation-links" className={open ? "open" : undefined}>
        {items.map((item) => {
          const count = item.badge ? counts[item.badge] : 0;
          const badgeId = `nav-badge-${item.label.toLowerCase().replace(/\s+/g, "-")}`;
          return (
            <li key={item.to}>
              <NavLink
                to={item.to}
                className="nav-link"
                aria-describedby={count > 0 ? badgeId : undefined}
                onClick={() => setOpen(false)}
              >
                {item.label}
                <CountBadge count={count} id={badgeId} label="unread" />
              </NavLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
