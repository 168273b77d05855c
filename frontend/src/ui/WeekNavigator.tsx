import { useSearchParams } from "react-router";

import { Button } from "./Button";
import { addWeeks, isMonday, localIsoDate, mondayOf, weekLabel } from "./isoWeek";

/** The week on screen: ?week=<Monday> in the address (so a link shows the same week), else
 * the current one. */
export function useSelectedWeek(): [string, (monday: string) => void] {
  const [params, setParams] = useSearchParams();
  const requested = params.get("week");
  const monday = requested && isMonday(requested) ? requested : mondayOf(localIsoDate());
  const select = (next: string) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set("week", next);
        return updated;
      },
      { replace: true },
    );
  return [monday, select];
}

/** Previous / this / next week, and which week it is, announced when it changes. */
export function WeekNavigator({
  monday,
  onChange,
  isDisabled,
}: {
  monday: string;
  onChange: (monday: string) => void;
  isDisabled?: boolean;
}) {
  const thisMonday = mondayOf(localIsoDate());
  return (
    <div className="row-between week-navigator">
      <p className="week-label" aria-live="polite">
        {weekLabel(monday)}
        {monday === thisMonday && <span className="muted"> (this week)</span>}
      </p>
      <div className="row" role="group" aria-label="Choose the week">
        <Button size="small" onPress={() => onChange(addWeeks(monday, -1))} isDisabled={isDisabled}>
          ‹ Previous week
        </Button>
        <Button size="small" onPress={() => onChange(thisMonday)} isDisabled={isDisabled || monday === thisMonday}>
          This week
        </Button>
        <Button size="small" onPress={() => onChange(addWeeks(monday, 1))} isDisabled={isDisabled}>
          Next week ›
        </Button>
      </div>
    </div>
  );
}
