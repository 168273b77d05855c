// Every time is shown in the viewer's zone: their account's, not this device's (Vitest runs in
// Europe/Berlin, vite.config.ts), and a calendar day stays that day in any zone.
import { afterEach, describe, expect, it } from "vitest";

import { localToUtcIso, nextFullHour, utcToLocal } from "../schedule/appointmentTimes";
import { formatDate, formatDateTime, formatTime } from "./format";
import { localIsoDate } from "./isoWeek";
import { fromWallClock, setViewerTimeZone, viewerTimeZone, wallClock, zoneNote } from "./timeZones";

afterEach(() => setViewerTimeZone(null));

describe("the viewer's zone", () => {
  it("is the account's once signed in, this device's before, and never an unknown name", () => {
    expect(viewerTimeZone()).toBe("Europe/Berlin");
    setViewerTimeZone("Pacific/Auckland");
    expect(viewerTimeZone()).toBe("Pacific/Auckland");
    setViewerTimeZone("Mars/Olympus_Mons");
    expect(viewerTimeZone()).toBe("Europe/Berlin");
  });

  it("formats instants in the account's zone, not the device's", () => {
    const nineUtc = "2026-03-02T09:00:00Z";
    expect(formatTime(nineUtc, "en-GB")).toBe("10:00"); // the device: Berlin, UTC+1
    setViewerTimeZone("Pacific/Auckland");
    expect(formatTime(nineUtc, "en-GB")).toBe("22:00");
    expect(formatDateTime(nineUtc, "en-GB")).toBe("Mon 2 Mar, 22:00");
    expect(formatDate("2026-03-02T12:30:00Z", undefined, "en-GB")).toBe("3 Mar 2026"); // past midnight there
    setViewerTimeZone("UTC");
    expect(formatTime(nineUtc, "en-GB")).toBe("09:00");
  });

  it("keeps a calendar day the same day in every zone", () => {
    for (const zone of ["Pacific/Auckland", "America/Los_Angeles", "UTC"]) {
      setViewerTimeZone(zone);
      expect(formatDate("2026-03-02", undefined, "en-GB")).toBe("2 Mar 2026");
    }
  });

  it("reads and writes wall-clock times in the zone, across daylight saving", () => {
    const instant = Date.UTC(2026, 2, 29, 0, 30); // 01:30 in London, the morning clocks go forward
    expect(wallClock(instant, "Europe/London")).toEqual({ date: "2026-03-29", time: "00:30", hour: 0 });
    expect(wallClock(Date.UTC(2026, 2, 29, 1, 30), "Europe/London").time).toBe("02:30");
    expect(fromWallClock("2026-03-29", "02:30", "Europe/London")).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(fromWallClock("2026-07-01", "09:00", "America/Los_Angeles")).toBe(Date.UTC(2026, 6, 1, 16, 0));
    expect(fromWallClock("2026-03-02", "00:15", "Asia/Kolkata")).toBe(Date.UTC(2026, 2, 1, 18, 45));
  });

  it("books appointments and finds today in the account's zone", () => {
    setViewerTimeZone("America/New_York");
    expect(localToUtcIso("2026-03-02", "09:00")).toBe("2026-03-02T14:00:00.000Z");
    expect(utcToLocal("2026-03-02T14:00:00Z")).toEqual({ date: "2026-03-02", time: "09:00" });
    expect(nextFullHour(new Date("2026-03-02T14:20:00Z"))).toEqual({ date: "2026-03-02", time: "10:00" });
    expect(localIsoDate(new Date("2026-03-02T03:00:00Z"))).toBe("2026-03-01"); // still the evening before
  });

  it("names a patient's zone only when it is not the viewer's", () => {
    setViewerTimeZone("Pacific/Auckland");
    expect(zoneNote("Pacific/Auckland")).toBe("");
    expect(zoneNote("Europe/Berlin")).toBe(" (Berlin time)");
  });
});
