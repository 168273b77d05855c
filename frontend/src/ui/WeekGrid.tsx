import type { ReactNode } from "react";

import type { Weekday } from "./vocabulary";
import { formatDate, WEEKDAY_LABELS } from "./format";
import { localIsoDate, weekDays } from "./isoWeek";

/** Monday to Sunday side by side (wrapping on narrow screens), each day a labelled region;
 * today stands out. */
export function WeekGrid({
  monday,
  label,
  rows = false,
  children,
}: {
  monday: string;
  label: string;
  /** One day per row instead of side by side. */
  rows?: boolean;
  children: (weekday: Weekday, date: string) => ReactNode;
}) {
  const today = localIsoDate();
  const idPrefix = label.toLowerCase().replace(/\W+/g, "-");
  return (
    <div className={rows ? "week-grid rows" : "week-grid"} role="group" aria-label={label}>
      {weekDays(monday).map(({ weekday, date }) => (
        <section
          key={weekday}
          className={date === today ? "week-day today" : "week-day"}
          aria-labelledby={`${idPrefix}-${weekday}`}
        >
          <h3 id={`${idPrefix}-${weekday}`}>
            {WEEKDAY_LABELS[weekday]}{" "}
            <span className="date">
              {formatDate(date, { day: "numeric", month: "short" })}
              {date === today && " · today"}
            </span>
          </h3>
          <div className="week-day-body">{children(weekday, date)}</div>
        </section>
      ))}
    </div>
  );
}
