import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import { useKeysetList } from "../api/pages";

// New notifications are pushed (layout/usePush.ts); the badge also asks every minute (and when the
// tab regains focus), so it stays right while the push channel is down.
export const UNREAD_POLL_MS = 60_000;

const all = ["notifications"] as const;
export const notificationKeys = {
  all,
  list: (unreadOnly: boolean) => [...all, "list", { unreadOnly }] as const,
  unread: [...all, "unread-count"] as const,
};

export function useUnreadNotifications(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => unwrap(api.GET("/api/v1/notifications/unread-count")),
    refetchInterval: UNREAD_POLL_MS,
    enabled,
    select: (data) => data.unread,
  });
}

export function useNotifications(unreadOnly: boolean) {
  return useKeysetList(notificationKeys.list(unreadOnly), (cursor) =>
    unwrap(api.GET("/api/v1/notifications", { params: { query: { unread: unreadOnly, cursor, limit: 20 } } })),
  );
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all")),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
