import { useMemo } from "react";
import { Link, useNavigate, useParams } from "react-router";

import type { Conversation } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { NotFoundScreen } from "../layout/NotFoundScreen";
import { Avatar, CountBadge } from "../ui/Badge";
import { ErrorMessage, ListState, Loading } from "../ui/Feedback";
import { SelectField } from "../ui/fields";
import { formatRelative } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { useContacts } from "./contacts";
import { useConversations } from "./queries";
import { Thread } from "./Thread";

export function MessagesScreen() {
  const params = useParams();
  const counterpartId = params.userId === undefined ? undefined : Number(params.userId);
  const conversations = useConversations();
  const contacts = useContacts();

  if (counterpartId !== undefined && !(Number.isInteger(counterpartId) && counterpartId > 0)) return <NotFoundScreen />;

  const conversation = conversations.items.find((item) => item.counterpart.id === counterpartId);
  const counterpartName =
    conversation?.counterpart.full_name ?? contacts.data?.find((contact) => contact.id === counterpartId)?.full_name;

  return (
    <>
      <PageHeader title="Messages" />
      <div className={counterpartId ? "messages-layout has-thread" : "messages-layout"}>
        <section className="card conversations-pane" aria-labelledby="conversations-heading">
          <div className="thread-header">
            <h2 id="conversations-heading">Conversations</h2>
          </div>
          <NewConversation />
          <div className="conversation-list">
            <ListState
              list={conversations}
              loadingLabel="Loading conversations…"
              errorTitle="Your conversations could not be loaded."
              emptyTitle="No messages yet."
            >
              {(items) => (
                <ul className="plain">
                  {items.map((item) => (
                    <li key={item.counterpart.id}>
                      <ConversationLink conversation={item} current={item.counterpart.id === counterpartId} />
                    </li>
                  ))}
                </ul>
              )}
            </ListState>
          </div>
        </section>
        <section className="card thread-pane" aria-label="Conversation">
          {counterpartId === undefined ? (
            <div className="empty-state" style={{ margin: "auto" }}>
              <p className="empty-title">Choose a conversation</p>
              <p>Or start a new one with “Write to”.</p>
            </div>
          ) : contacts.isPending && conversations.isPending ? (
            <Loading label="Loading the conversation…" />
          ) : counterpartName === undefined && !contacts.isPending && !conversations.isPending ? (
            <div style={{ padding: 16 }}>
              <ErrorMessage error={null} title="You cannot write to this person." />
              <p>
                Messages go between patients and the doctors caring for them.{" "}
                <Link to="/messages">Back to messages</Link>
              </p>
            </div>
          ) : (
            <Thread key={counterpartId} counterpartId={counterpartId} counterpartName={counterpartName ?? "…"} />
          )}
        </section>
      </div>
    </>
  );
}

function ConversationLink({ conversation, current }: { conversation: Conversation; current: boolean }) {
  const badgeId = `unread-${conversation.counterpart.id}`;
  return (
    <Link
      to={`/messages/${conversation.counterpart.id}`}
      className={conversation.unread > 0 ? "conversation-link unread" : "conversation-link"}
      aria-current={current ? "page" : undefined}
      aria-describedby={conversation.unread > 0 ? badgeId : undefined}
    >
      <Avatar name={conversation.counterpart.full_name} />
      <span className="grow">
        <span className="row-between">
          <span className="name">{conversation.counterpart.full_name}</span>
          <span className="muted small">{formatRelative(conversation.last_message_at)}</span>
        </span>
        <span className="preview" style={{ display: "block" }}>
          {conversation.last_message_from_me ? "You: " : ""}
          {conversation.last_message_preview}
        </span>
      </span>
      <CountBadge count={conversation.unread} id={badgeId} label="unread messages" />
    </Link>
  );
}

function NewConversation() {
  const contacts = useContacts();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const options = useMemo(
    () => (contacts.data ?? []).map((contact) => ({ id: contact.id, label: contact.full_name })),
    [contacts.data],
  );
  return (
    <div className="new-conversation">
      <SelectField
        label="Write to"
        options={options}
        value={null}
        placeholder={
          contacts.isPending
            ? "Loading…"
            : user.role === "doctor"
              ? "Choose a patient…"
              : "Choose your physiotherapist…"
        }
        isDisabled={contacts.isPending || options.length === 0}
        onChange={(id) => void navigate(`/messages/${id}`)}
        description={
          !contacts.isPending && options.length === 0 ? "Nobody yet: the clinic links patients and doctors." : undefined
        }
      />
    </div>
  );
}
