import { addDays, addWeeks, isIsoDate, isMonday, isoWeek, mondayOf, weekDays, weekLabel, weekdayOf } from "./isoWeek";

describe("ISO weeks", () => {
  it("finds the Monday of any day of the week", () => {
    expect(mondayOf("2026-11-25")).toBe("2026-11-23"); // a Wednesday
    expect(mondayOf("2026-11-23")).toBe("2026-11-23"); // the Monday itself
    expect(mondayOf("2026-11-29")).toBe("2026-11-23"); // Sunday belongs to the week before
    expect(mondayOf("2027-01-01")).toBe("2026-12-28"); // across a new year
  });

  it("numbers weeks as ISO 8601 does (the week of the first Thursday is week 1)", () => {
    expect(isoWeek("2026-11-25")).toEqual({ year: 2026, week: 48 });
    expect(isoWeek("2024-12-30")).toEqual({ year: 2025, week: 1 });
    expect(isoWeek("2021-01-03")).toEqual({ year: 2020, week: 53 });
    expect(isoWeek("2026-01-01")).toEqual({ year: 2026, week: 1 });
  });

  it("adds days and weeks across month ends and daylight-saving changes", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30"); // EU clocks go forward that night
    expect(addWeeks("2026-10-19", 2)).toBe("2026-11-02"); // and back in between
    expect(addWeeks("2026-01-05", -1)).toBe("2025-12-29");
  });

  it("lists the seven days of a week, Monday first", () => {
    const days = weekDays("2026-11-23");
    expect(days).toHaveLength(7);
    expect(days[0]).toEqual({ weekday: "monday", date: "2026-11-23" });
    expect(days[6]).toEqual({ weekday: "sunday", date: "2026-11-29" });
  });

  it("names the weekday of a date", () => {
    expect(weekdayOf("2026-11-25")).toBe("wednesday");
  });

  it("accepts only real Mondays as the start of a week", () => {
    expect(isMonday("2026-11-23")).toBe(true);
    expect(isMonday("2026-11-24")).toBe(false);
    expect(isMonday("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
  });

  it("labels a week with its number and its days", () => {
    // (ICU versions differ in the spaces around the dash.)
    expect(weekLabel("2026-11-23", "en-GB")).toMatch(/^Week 48 · 23\s*–\s*29 Nov 2026$/);
    expect(weekLabel("2026-12-28", "en-GB")).toMatch(/^Week 53 · 28 Dec 2026\s*–\s*3 Jan 2027$/);
  });
});
