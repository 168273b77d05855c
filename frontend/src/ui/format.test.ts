import {
  ageInYears,
  formatDate,
  formatDuration,
  formatPercent,
  formatRelative,
  plural,
  toDate,
  uncertainWording,
} from "./format";

describe("toDate", () => {
  it("reads a plain date as that calendar day, whatever the time zone", () => {
    const day = toDate("2026-03-02");
    expect([day.getFullYear(), day.getMonth(), day.getDate()]).toEqual([2026, 2, 2]);
  });

  it("reads a timestamp as the instant it names", () => {
    expect(toDate("2026-03-02T10:00:00Z").getTime()).toBe(Date.UTC(2026, 2, 2, 10));
  });
});

describe("formatDate", () => {
  it("shows a plain date without moving it a day", () => {
    expect(formatDate("2026-03-02", { day: "numeric", month: "long" }, "en-GB")).toBe("2 March");
  });

  it("shows a dash for nothing", () => {
    expect(formatDate(null)).toBe("—");
  });
});

describe("formatDuration", () => {
  it.each([
    [40.4, "40 s"],
    [286.2, "4 min 46 s"],
    [120, "2 min"],
    [null, "—"],
  ])("%s seconds read %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("formatPercent", () => {
  it("rounds a ratio to a whole percent", () => {
    expect(formatPercent(0.756)).toBe("76%");
  });

  it("shows a dash when there is no ratio (no plan)", () => {
    expect(formatPercent(null)).toBe("—");
  });
});

describe("formatRelative", () => {
  const now = Date.UTC(2026, 10, 25, 12);

  it("says how long ago in the largest sensible unit", () => {
    expect(formatRelative("2026-11-25T09:00:00Z", now, "en")).toBe("3 hours ago");
    expect(formatRelative("2026-11-24T12:00:00Z", now, "en")).toBe("yesterday");
    expect(formatRelative("2026-11-11T12:00:00Z", now, "en")).toBe("2 weeks ago");
  });

  it("says 'never' when nothing happened yet", () => {
    expect(formatRelative(null, now)).toBe("never");
  });
});

describe("ageInYears", () => {
  it("counts a birthday only once it has come", () => {
    expect(ageInYears("1960-06-15", new Date(2026, 5, 14))).toBe(65);
    expect(ageInYears("1960-06-15", new Date(2026, 5, 15))).toBe(66);
  });
});

describe("plural", () => {
  it("uses the singular for one only", () => {
    expect(plural(1, "set")).toBe("1 set");
    expect(plural(0, "set")).toBe("0 sets");
  });
});

describe("uncertainWording", () => {
  it("says how many counted reps are uncertain, and nothing when none is or it is not known", () => {
    expect(uncertainWording(12, 2)).toBe("counted 12, 2 of them uncertain");
    expect(uncertainWording(3, 3)).toBe("counted 3, all of them uncertain");
    expect(uncertainWording(1, 1)).toBe("counted 1, uncertain");
    expect(uncertainWording(12, 0)).toBeNull();
    expect(uncertainWording(12, null)).toBeNull();
  });
});
