import type { ReactNode } from "react";

import { problemMessage } from "../api/client";
import { Button } from "./Button";
import { LoadMore } from "./LoadMore";

interface ErrorMessageProps {
  error: unknown;
  /** What failed, e.g. "The patient list could not be loaded." */
  title?: string;
  onRetry?: () => void;
}

/** What went wrong, in words, and what to do about it: announced to screen readers at once. */
export function ErrorMessage({ error, title, onRetry }: ErrorMessageProps) {
  return (
    <div className="alert alert--error" role="alert">
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        <p>{problemMessage(error)}</p>
      </div>
      {onRetry && (
        <Button size="small" onPress={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function Notice({
  tone = "info",
  title,
  children,
}: {
  tone?: "info" | "success" | "warning";
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`alert alert--${tone}`} role="status">
      <div className="alert-body">
        {title && <p className="alert-title">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}

/** A wait the user can see (and a screen reader hears once). */
export function Loading({ label = "Loading…", page = false }: { label?: string; page?: boolean }) {
  return (
    <div className={page ? "loading loading--page" : "loading"} role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** Loading, error (with a retry) or the content: the three states of every query on screen. */
export function QueryState<T>({
  query,
  loadingLabel,
  errorTitle,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  loadingLabel?: string;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorMessage error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />;
  return <Loading label={loadingLabel} />;
}

interface ListLike<T> {
  items: T[];
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** A keyset list's states: loading, error with retry, empty, or the items and "Load more". */
export function ListState<T>({
  list,
  loadingLabel,
  errorTitle,
  emptyTitle,
  emptyBody,
  loadMore = true,
  children,
}: {
  list: ListLike<T>;
  loadingLabel?: string;
  errorTitle?: string;
  emptyTitle: string;
  emptyBody?: ReactNode;
  loadMore?: boolean;
  children: (items: T[]) => ReactNode;
}) {
  if (list.error && list.items.length === 0)
    return <ErrorMessage error={list.error} title={errorTitle} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <Loading label={loadingLabel} />;
  if (list.items.length === 0) return <EmptyState title={emptyTitle}>{emptyBody}</EmptyState>;
  return (
    <>
      {children(list.items)}
      {list.error !== null && list.error !== undefined && <ErrorMessage error={list.error} />}
      {loadMore && <LoadMore list={list} />}
    </>
  );
}
