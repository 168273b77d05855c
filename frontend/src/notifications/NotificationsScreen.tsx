import { useState } from "react";
import { Link } from "react-router";

import type { Notification } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { Button } from "../ui/Button";
import { ErrorMessage, ListState } from "../ui/Feedback";
import { Checkbox } from "../ui/fields";
import { formatRelative, NOTIFICATION_KIND_LABELS } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { appLinkFor } from "./links";
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  useUnreadNotifications,
} from "./queries";

export function NotificationsScreen() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const notifications = useNotifications(unreadOnly);
  const unread = useUnreadNotifications();
  const markAll = useMarkAllNotificationsRead();

  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle={unread.data ? `${unread.data} unread` : "All read"}
        actions={
          <Button onPress={() => markAll.mutate()} isPending={markAll.isPending} isDisabled={!unread.data}>
            Mark all as read
          </Button>
        }
      />
      {markAll.error && <ErrorMessage error={markAll.error} />}
      <div className="toolbar">
        <Checkbox isSelected={unreadOnly} onChange={setUnreadOnly}>
          Only unread
        </Checkbox>
      </div>
      <section className="card" aria-label="Notification list">
        <ListState
          list={notifications}
          loadingLabel="Loading notifications…"
          errorTitle="Your notifications could not be loaded."
          emptyTitle={unreadOnly ? "Nothing unread." : "No notifications yet."}
        >
          {(items) => (
            <ul className="plain">
              {items.map((notification) => (
                <NotificationRow key={notification.id} notification={notification} />
              ))}
            </ul>
          )}
        </ListState>
      </section>
    </>
  );
}

function NotificationRow({ notification }: { notification: Notification }) {
  const user = useCurrentUser();
  const markRead = useMarkNotificationRead();
  const link = appLinkFor(notification, user.role);
  const read = () => {
    if (!notification.is_read) markRead.mutate(notification.id);
  };
  return (
    <li className={notification.is_read ? "notification" : "notification unread"}>
      <span className="dot" aria-hidden="true" />
      <div className="grow">
        <div className="title">
          {link ? (
            <Link to={link} onClick={read}>
              {notification.title}
            </Link>
          ) : (
            notification.title
          )}
          {!notification.is_read && <span className="visually-hidden"> (unread)</span>}
        </div>
        {notification.body && (
          <p className="pre-wrap" style={{ margin: "2px 0" }}>
            {notification.body}
          </p>
        )}
        <span className="muted small">
          {NOTIFICATION_KIND_LABELS[notification.kind]} · {formatRelative(notification.created_at)}
        </span>
        {markRead.error && <ErrorMessage error={markRead.error} />}
      </div>
      {!notification.is_read && (
        <Button
          size="small"
          variant="quiet"
          onPress={read}
          isPending={markRead.isPending}
          aria-label={`Mark “${notification.title}” as read`}
        >
          Mark as read
        </Button>
      )}
    </li>
  );
}
