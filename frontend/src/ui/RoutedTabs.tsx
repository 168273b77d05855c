import type { Key, ReactNode } from "react";
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
  return (
    <Tabs
      selectedKey={selected}
      onSelectionChange={(key: Key) => {
        void navigate(pathOf(String(key)), { replace: true });
      }}
    >
      <TabList aria-label={label} className="tab-list">
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
