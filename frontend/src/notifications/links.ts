// Notifications carry the API path of what they are about ("/messages/with/7",
// "/schedules/12", "/week-plans/3"); this finds the screen of the app that shows it.
import type { Notification, UserRole } from "../api/types";

export function appLinkFor(notification: Pick<Notification, "link" | "kind">, role: UserRole): string | null {
  const link = notification.link ?? "";
  const message = /^\/messages\/with\/(\d+)$/.exec(link);
  if (message) return `/messages/${message[1]}`;
  if (/^\/schedules(\/\d+)?$/.test(link) || notification.kind.startsWith("appointment_")) {
    return role === "patient" ? "/appointments" : role === "doctor" ? "/schedule" : null;
  }
  if (/^\/week-plans(\/\d+)?$/.test(link) || notification.kind === "week_plan") {
    return role === "patient" ? "/today" : role === "doctor" ? "/patients" : null;
  }
  if (/^\/questionnaires$/.test(link)) return role === "patient" ? "/questionnaires" : null;
  if (notification.kind === "message") return "/messages";
  return null;
}
