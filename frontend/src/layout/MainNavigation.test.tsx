const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { setSession } from "../api/session";
import { jsonResponse, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { MainNavigation, currentItem } from "./MainNavigation";
import { NAVIGATION } from "./navigation";

describe("the main navigation's phone menu", () => {
  beforeEach(() => {
    fetchMock.mockImplementation((input) =>
      Promise.resolve(jsonResponse(200, urlOf(input).includes("unread-count") ? { unread: 3 } : {})),
    );
  });
  afterEach(() => setSession(null));

  it("names the screen it is on and opens and shuts the list", async () => {
    signInAs(testUser("patient"));
    renderScreen(<MainNavigation />, { path: "/care/sessions" });
    const menu = screen.getByRole("button", { name: /^Menu: My care/ });
    expect(menu).toHaveAttribute("aria-expanded", "false");
    const links = screen.getByRole("list", { hidden: true });
    expect(links).not.toHaveClass("open");

    await userEvent.click(menu);
    expect(menu).toHaveAttribute("aria-expanded", "true");
    expect(links).toHaveClass("open");
    expect(menu).toHaveAttribute("aria-controls", links.id);

    await userEvent.click(screen.getByRole("link", { name: "Today" }));
    expect(menu).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByRole("button", { name: /^Menu: Today/ })).toBe(menu);
  });

  it("shows the unread total on the shut menu", async () => {
    signInAs(testUser("patient"));
    renderScreen(<MainNavigation />, { path: "/today" });
    const menu = screen.getByRole("button", { name: /^Menu: Today/ });
    // Three unread messages and three unread notifications.
    expect(await screen.findByText("6 unread")).toBeInTheDocument();
    expect(menu).toHaveAccessibleDescription("6 unread");
  });
});

describe("currentItem", () => {
  it("finds the screen of a nested path and nothing for a foreign one", () => {
    expect(currentItem(NAVIGATION.doctor, "/patients/5/plan")?.label).toBe("Patients");
    expect(currentItem(NAVIGATION.doctor, "/today")).toBeUndefined();
  });
});
