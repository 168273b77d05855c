import { Button } from "./Button";

interface Pager {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** "Load more" for a keyset list; gone when there is nothing more. */
export function LoadMore({ list, label = "Load more" }: { list: Pager; label?: string }) {
  if (!list.hasNextPage) return null;
  return (
    <div className="load-more">
      <Button isPending={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
        {list.isFetchingNextPage ? "Loading…" : label}
      </Button>
    </div>
  );
}
