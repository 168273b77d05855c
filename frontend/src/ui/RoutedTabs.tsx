import { type Key, type ReactNode, useEffect, useRef, useState } from "react";
import { Tab, TabList, Tabs } from "react-aria-components";
import { useNavigate } from "react-router";

export interface TabLink {
  readonly id: string;
  readonly label: string;
}

/** Whether ``value`` names one of ``tabs`` (a tab taken from the address may name none). */
export function isTabOf<T extends TabLink>(tabs: readonly T[], value: string): value is T["id"] {
  return tabs.some((tab) => tab.id === value);
}

/** Tabs whose selection lives in the address, so that Back, a reload and a shared link open
 * the same tab; the children are the ``TabPanel``s, one per tab id. */
export function RoutedTabs({
  label,
  tabs,
  selected,
  pathOf,
  children,
}: {
  label: string;
  tabs: readonly TabLink[];
  selected: string;
  pathOf: (id: string) => string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const { list, more } = useTabRow(selected);
  return (
    <Tabs
      selectedKey={selected}
      onSelectionChange={(key: Key) => {
        void navigate(pathOf(String(key)), { replace: true });
      }}
    >
      <TabList
        ref={list}
        aria-label={label}
        className="tab-list"
        data-more-before={more.before || undefined}
        data-more-after={more.after || undefined}
      >
        {tabs.map((item) => (
          <Tab key={item.id} id={item.id} className="tab">
            {item.label}
          </Tab>
        ))}
      </TabList>
      {children}
    </Tabs>
  );
}

/** On a phone the tabs stay on one row that scrolls sideways (styles/app.css): the selected tab
 * is kept in view (when it changes, and when the row's size does, as on turning the phone), and
 * the row says on which sides more tabs lie beyond its edges, for the fade that shows there are
 * more. */
function useTabRow(selected: string) {
  const list = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ before: false, after: false });
  useEffect(() => {
    const row = list.current;
    if (!row) return;
    const measure = () => {
      const before = row.scrollLeft > 1;
      const after = row.scrollLeft + row.clientWidth < row.scrollWidth - 1;
      setMore((previous) => (previous.before === before && previous.after === after ? previous : { before, after }));
    };
    const resized = new ResizeObserver(() => {
      showSelected(row);
      measure();
    });
    resized.observe(row);
    row.addEventListener("scroll", measure, { passive: true });
    return () => {
      row.removeEventListener("scroll", measure);
      resized.disconnect();
    };
  }, []);
  useEffect(() => {
    if (list.current) showSelected(list.current);
  }, [selected]);
  return { list, more };
}

/** Scroll ``row`` (only: a tab's own scrollIntoView would move the page too) so that its
 * selected tab is in view, centred if it was not. */
function showSelected(row: HTMLElement): void {
  const tab = row.querySelector<HTMLElement>("[data-selected]");
  if (!tab || row.scrollWidth <= row.clientWidth) return;
  const start = tab.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
  if (start < row.scrollLeft || start + tab.offsetWidth > row.scrollLeft + row.clientWidth) {
    row.scrollLeft = start - (row.clientWidth - tab.offsetWidth) / 2;
  }
}
