const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { PatientListItem } from "../api/types";
import { jsonResponse, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { PatientListScreen } from "./PatientListScreen";

const ada: PatientListItem = {
  id: 5,
  username: "ada.achebe",
  full_name: "Ada Achebe",
  date_of_birth: null,
  sessions_done_this_week: 2,
  sessions_planned_this_week: 3,
  adherence_this_week: 0.67,
  last_activity_at: null,
};

describe("the doctor's patient list", () => {
  beforeEach(() => {
    signInAs(testUser("doctor"));
    fetchMock.mockReset();
    fetchMock.mockImplementation((input) => {
      const search = new URL(urlOf(input)).searchParams.get("search");
      const items = search === null || "ada achebe".includes(search.toLowerCase()) ? [ada] : [];
      return Promise.resolve(jsonResponse(200, { items, next_cursor: null }));
    });
  });

  it("links each patient to their page, with this week's sessions", async () => {
    renderScreen(<PatientListScreen />);
    expect(await screen.findByRole("link", { name: "Ada Achebe" })).toHaveAttribute("href", "/patients/5");
    expect(screen.getByText("2 of 3 sessions")).toBeInTheDocument();
  });

  it("asks the server for what is typed in the search box, and says when nobody matches", async () => {
    renderScreen(<PatientListScreen />);
    await screen.findByRole("link", { name: "Ada Achebe" });
    await userEvent.type(screen.getByRole("searchbox", { name: "Search patients" }), " zed ");
    expect(await screen.findByText("No patient matches “zed”.")).toBeInTheDocument();
    const searched = fetchMock.mock.calls.map(([input]) => new URL(urlOf(input)).searchParams.get("search"));
    expect(searched).toContain("zed");
    expect(searched[0]).toBeNull();
  });
});
