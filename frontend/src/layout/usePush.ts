import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { connectPush } from "../api/push";
import { dashboardKeys } from "../dashboard/queries";
import { messageKeys } from "../messages/queries";
import { notificationKeys } from "../notifications/queries";
import { patientKeys } from "../patients/queries";
import { scheduleKeys } from "../schedule/queries";

/** What to read again when the server says that something of ``kind`` happened (a notification
 * kind: every one comes with a notification). */
export function keysToRefresh(kind: string): QueryKey[] {
  const keys: QueryKey[] = [notificationKeys.all];
  if (kind === "message") keys.push(messageKeys.all);
  if (kind.startsWith("appointment_")) keys.push(scheduleKeys.all, dashboardKeys.all);
  if (kind === "week_plan") keys.push(patientKeys.all, dashboardKeys.all);
  if (kind === "missed_session") keys.push(dashboardKeys.all);
  return keys;
}

/** Keep the signed-in app current through the server's live updates. */
export function usePush() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      connectPush({
        onUpdate: (kind) => {
          for (const queryKey of keysToRefresh(kind)) void queryClient.invalidateQueries({ queryKey });
        },
      }),
    [queryClient],
  );
}
