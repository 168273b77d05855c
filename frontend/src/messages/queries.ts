import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import { useKeysetList } from "../api/pages";
import type { Message } from "../api/types";
import { notificationKeys, UNREAD_POLL_MS } from "../notifications/queries";

// New messages are pushed (layout/usePush.ts); an open thread also asks every 15 seconds, so it
// stays current while the push channel is down.
export const THREAD_POLL_MS = 15_000;

const all = ["messages"] as const;
export const messageKeys = {
  all,
  conversations: [...all, "conversations"] as const,
  thread: (userId: number) => [...all, "thread", userId] as const,
  unread: [...all, "unread-count"] as const,
  /** A patient's doctors, the people they may write to. */
  myDoctors: [...all, "contacts", "doctors"] as const,
};

export function useUnreadMessages(enabled = true) {
  return useQuery({
    queryKey: messageKeys.unread,
    queryFn: () => unwrap(api.GET("/api/v1/messages/unread-count")),
    refetchInterval: UNREAD_POLL_MS,
    enabled,
    select: (data) => data.unread,
  });
}

export function useConversations() {
  return useKeysetList(
    messageKeys.conversations,
    (cursor) => unwrap(api.GET("/api/v1/messages/conversations", { params: { query: { cursor, limit: 30 } } })),
    { refetchInterval: THREAD_POLL_MS },
  );
}

export function useThread(userId: number) {
  return useKeysetList(
    messageKeys.thread(userId),
    (cursor) =>
      unwrap(
        api.GET("/api/v1/messages/with/{user_id}", {
          params: { path: { user_id: userId }, query: { cursor, limit: 30 } },
        }),
      ),
    { refetchInterval: THREAD_POLL_MS },
  );
}

export function useMarkConversationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: number) =>
      unwrap(api.POST("/api/v1/messages/with/{user_id}/read", { params: { path: { user_id: userId } } })),
    onSuccess: (result) => {
      if (result.marked > 0) {
        void queryClient.invalidateQueries({ queryKey: messageKeys.unread });
        void queryClient.invalidateQueries({ queryKey: messageKeys.conversations });
        void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      }
    },
  });
}

export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { receiverId: number; body: string }): Promise<Message> =>
      unwrap(api.POST("/api/v1/messages", { body: { receiver_id: input.receiverId, body: input.body } })),
    onSuccess: (_message, input) => {
      void queryClient.invalidateQueries({ queryKey: messageKeys.thread(input.receiverId) });
      void queryClient.invalidateQueries({ queryKey: messageKeys.conversations });
    },
  });
}
