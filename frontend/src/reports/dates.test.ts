import { describe, expect, it } from "vitest";

import { lastDays, recentMonths } from "./dates";

describe("report dates", () => {
  it("counts the last days with both ends included", () => {
    expect(lastDays(30, new Date("2026-03-30T23:00:00Z"))).toEqual({ from: "2026-03-01", to: "2026-03-30" });
  });

  it("lists months back across a year", () => {
    expect(recentMonths(3, new Date("2026-02-10T00:00:00Z"))).toEqual(["2026-02", "2026-01", "2025-12"]);
  });
});
