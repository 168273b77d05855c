// Each role's places in the app. The link names are the screens' names (end-to-end tests and
// screen-reader users find them by these words).
import type { UserRole } from "../api/types";

export type BadgeSource = "messages" | "notifications";

export interface NavItem {
  to: string;
  label: string;
  badge?: BadgeSource;
}

export const NAVIGATION: Record<UserRole, NavItem[]> = {
  doctor: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/patients", label: "Patients" },
    { to: "/routines", label: "Routines" },
    { to: "/library", label: "Library" },
    { to: "/schedule", label: "Schedule" },
    { to: "/monitoring", label: "Monitoring" },
    { to: "/messages", label: "Messages", badge: "messages" },
    { to: "/notifications", label: "Notifications", badge: "notifications" },
  ],
  patient: [
    { to: "/today", label: "Today" },
    { to: "/exercise", label: "Exercise" },
    { to: "/brain", label: "Brain games" },
    { to: "/progress", label: "Progress" },
    { to: "/care", label: "My care" },
    { to: "/appointments", label: "Appointments" },
    { to: "/questionnaires", label: "Questionnaires" },
    { to: "/messages", label: "Messages", badge: "messages" },
    { to: "/notifications", label: "Notifications", badge: "notifications" },
  ],
  admin: [
    { to: "/admin/accounts", label: "Accounts" },
    { to: "/admin/assignments", label: "Assignments" },
    { to: "/admin/audit", label: "Audit log" },
    { to: "/notifications", label: "Notifications", badge: "notifications" },
  ],
};

export function homePathFor(role: UserRole): string {
  return NAVIGATION[role][0]?.to ?? "/";
}

// The screens each role may open besides its navigation (e.g. /patients/5/plan, /account).
const COMMON_PATHS = ["/account", "/notifications"];

/** Whether a path (from "sign in, then back to ...") is one of this role's screens, so that
 * signing in as someone else never lands on a page that is not theirs. */
export function isPathForRole(path: string, role: UserRole): boolean {
  const prefixes = [...NAVIGATION[role].map((item) => item.to), ...COMMON_PATHS];
  if (role === "admin") prefixes.push("/admin");
  const pathname = path.split(/[?#]/)[0] ?? "";
  return prefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}
