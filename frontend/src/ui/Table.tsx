// A data table that becomes stacked rows on a phone: below 640 px each row is a card and each
// cell shows its column's heading beside it (styles/app.css), so nothing scrolls sideways.
import { type ComponentProps, useEffect, useRef } from "react";

/** Give each body cell its column's heading as ``data-label``, now and whenever rows change. */
function labelCells(table: HTMLTableElement): void {
  const headings = [...table.querySelectorAll("thead th")].map((heading) => heading.textContent?.trim() ?? "");
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, index) => {
      const heading = headings[index];
      if (heading && cell.getAttribute("data-label") !== heading) cell.setAttribute("data-label", heading);
    });
  }
}

export function Table({ className, ...props }: ComponentProps<"table">) {
  const ref = useRef<HTMLTableElement>(null);
  useEffect(() => {
    const table = ref.current;
    if (!table) return;
    labelCells(table);
    // Rows drawn later (another page, a row's own update) are labelled as they arrive.
    const observer = new MutationObserver(() => labelCells(table));
    observer.observe(table, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return <table ref={ref} className={className ? `table ${className}` : "table"} {...props} />;
}
