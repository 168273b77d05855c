import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Form } from "react-aria-components";
import { Link } from "react-router";

import { useCurrentUser } from "../auth/AuthProvider";
import { Button } from "../ui/Button";
import { ErrorMessage, Loading } from "../ui/Feedback";
import { TextField } from "../ui/fields";
import { formatDateTime } from "../ui/format";
import { useMarkConversationRead, useSendMessage, useThread } from "./queries";

const MAX_MESSAGE_LENGTH = 5000;

export function Thread({ counterpartId, counterpartName }: { counterpartId: number; counterpartName: string }) {
  const user = useCurrentUser();
  const thread = useThread(counterpartId);
  const markRead = useMarkConversationRead();
  const scroller = useRef<HTMLDivElement>(null);
  // The API lists newest first; a conversation reads oldest first.
  const messages = useMemo(() => [...thread.items].reverse(), [thread.items]);
  const newestId = messages.at(-1)?.id;
  const hasUnread = thread.items.some((message) => message.receiver_id === user.id && !message.is_read);

  // Opening a conversation (or a new message arriving in it) marks it read.
  const { mutate: markConversationRead } = markRead;
  useEffect(() => {
    if (hasUnread) markConversationRead(counterpartId);
  }, [hasUnread, newestId, counterpartId, markConversationRead]);

  // Keep the newest message in view.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [newestId]);

  return (
    <>
      <div className="thread-header row-between">
        <h2>{counterpartName}</h2>
        <Link to="/messages" className="button button--quiet button--small narrow-only">
          ‹ All conversations
        </Link>
      </div>
      <div className="thread" ref={scroller} role="log" aria-label={`Messages with ${counterpartName}`} tabIndex={0}>
        {thread.hasNextPage && (
          <Button
            size="small"
            variant="quiet"
            isPending={thread.isFetchingNextPage}
            onPress={() => void thread.fetchNextPage()}
          >
            Show earlier messages
          </Button>
        )}
        {thread.error ? (
          <ErrorMessage
            error={thread.error}
            title="The messages could not be loaded."
            onRetry={() => void thread.refetch()}
          />
        ) : thread.isPending ? (
          <Loading label="Loading messages…" />
        ) : messages.length === 0 ? (
          <p className="muted" style={{ margin: "auto", textAlign: "center" }}>
            No messages yet. Write the first one below.
          </p>
        ) : (
          messages.map((message) => {
            const mine = message.sender_id === user.id;
            return (
              <div key={message.id} className={mine ? "bubble mine" : "bubble"}>
                <span className="visually-hidden">{mine ? "You" : counterpartName}: </span>
                {message.body}
                <span className="meta">
                  {formatDateTime(message.created_at)}
                  {mine && message.is_read && " · read"}
                </span>
              </div>
            );
          })
        )}
      </div>
      <Composer counterpartId={counterpartId} counterpartName={counterpartName} />
    </>
  );
}

function Composer({ counterpartId, counterpartName }: { counterpartId: number; counterpartName: string }) {
  const [body, setBody] = useState("");
  const send = useSendMessage();
  const tooLong = body.length > MAX_MESSAGE_LENGTH;
  // The box's own value when a key sends: a render may not have caught up with the last keystroke.
  const submit = (typed: string = body) => {
    const text = typed.trim();
    if (!text || typed.length > MAX_MESSAGE_LENGTH) return;
    send.mutate({ receiverId: counterpartId, body: text }, { onSuccess: () => setBody("") });
  };
  return (
    <Form
      className="composer-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {send.error && (
        <div style={{ padding: "0 16px" }}>
          <ErrorMessage error={send.error} title="Your message was not sent. It is still in the box below." />
        </div>
      )}
      <div className="composer">
        <TextField
          label={`Message to ${counterpartName}`}
          multiline
          rows={2}
          value={body}
          onChange={setBody}
          errorMessage={tooLong ? `Messages hold at most ${MAX_MESSAGE_LENGTH} characters.` : undefined}
          description="Ctrl+Enter sends."
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit((event.target as HTMLTextAreaElement).value);
            }
          }}
        />
        <Button type="submit" variant="primary" isPending={send.isPending} isDisabled={!body.trim() || tooLong}>
          Send
        </Button>
      </div>
    </Form>
  );
}
