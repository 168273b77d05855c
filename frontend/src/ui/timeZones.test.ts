import { describe, expect, it } from "vitest";

import { isKnownTimeZone, zoneLabel, zoneNote } from "./timeZones";

describe("time zones", () => {
  it("knows IANA names and refuses others", () => {
    expect(isKnownTimeZone("Pacific/Auckland")).toBe(true);
    expect(isKnownTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isKnownTimeZone("")).toBe(false);
  });

  it("names a zone by its city", () => {
    expect(zoneLabel("America/Los_Angeles")).toBe("Los Angeles time");
    expect(zoneLabel("UTC")).toBe("UTC");
  });

  it("notes a zone only when it is not the viewer's", () => {
    expect(zoneNote("Pacific/Auckland", "Europe/Berlin")).toBe(" (Auckland time)");
    expect(zoneNote("Europe/Berlin", "Europe/Berlin")).toBe("");
    expect(zoneNote("Etc/UTC", "UTC")).toBe("");
    expect(zoneNote(null, "UTC")).toBe("");
  });
});
