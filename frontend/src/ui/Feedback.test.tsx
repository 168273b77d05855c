import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { ApiError } from "../api/client";
import { ErrorMessage, ListState } from "./Feedback";

const emptyList = {
  items: [] as string[],
  error: null as unknown,
  isPending: false,
  refetch: vi.fn(),
  hasNextPage: false,
  isFetchingNextPage: false,
  fetchNextPage: vi.fn(),
};

describe("error display", () => {
  it("announces what failed and why, and offers to try again", async () => {
    const retry = vi.fn();
    render(
      <ErrorMessage error={new ApiError(0, undefined)} title="The patient list could not be loaded." onRetry={retry} />,
    );
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The patient list could not be loaded.");
    expect(alert).toHaveTextContent("The server cannot be reached. Please check your connection and try again.");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
  });
});

describe("a keyset list's states", () => {
  it("shows a wait, an error, an empty list, then the items and 'Load more'", () => {
    const render_ = (list: Partial<typeof emptyList> & { items: string[] }) =>
      render(
        <ListState list={{ ...emptyList, ...list }} emptyTitle="No notes yet." loadingLabel="Loading notes…">
          {(items) => <p>{items.join(", ")}</p>}
        </ListState>,
      );

    const { unmount } = render_({ items: [], isPending: true });
    expect(screen.getByRole("status")).toHaveTextContent("Loading notes…");
    unmount();

    const failed = render_({ items: [], error: new ApiError(500, undefined) });
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
    failed.unmount();

    const empty = render_({ items: [] });
    expect(screen.getByText("No notes yet.")).toBeInTheDocument();
    empty.unmount();

    render_({ items: ["first", "second"], hasNextPage: true });
    expect(screen.getByText("first, second")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Load more" })).toBeInTheDocument();
  });
});
