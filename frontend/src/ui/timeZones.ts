// Whose day a date belongs to. The server counts each account's days in the account's IANA time
// zone; times are shown in the viewer's (this device's) zone. Where the two differ, the app says
// whose zone a day is in.

/** This device's IANA time zone, e.g. "Pacific/Auckland" ("UTC" if the browser will not say). */
export function deviceTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Whether the browser knows ``name`` as a time zone (the API decides; this catches typos early). */
export function isKnownTimeZone(name: string): boolean {
  if (!name.trim()) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every zone the browser knows, for suggestions (newer browsers list them; older ones don't). */
export function knownTimeZones(): string[] {
  const withList = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  try {
    return withList.supportedValuesOf ? withList.supportedValuesOf("timeZone") : [];
  } catch {
    return [];
  }
}

/** "Pacific/Auckland" -> "Auckland time"; "UTC" -> "UTC". */
export function zoneLabel(name: string): string {
  if (name === "UTC" || name === "Etc/UTC") return "UTC";
  const city = name.split("/").pop() ?? name;
  return `${city.replaceAll("_", " ")} time`;
}

/** " (Auckland time)" when ``zone`` is not the viewer's, else "": appended to a day or time. */
export function zoneNote(zone: string | null | undefined, viewerZone = deviceTimeZone()): string {
  if (!zone || sameZone(zone, viewerZone)) return "";
  return ` (${zoneLabel(zone)})`;
}

function sameZone(a: string, b: string): boolean {
  if (a === b) return true;
  // Two names of one zone ("UTC" and "Etc/UTC") format the same instant alike.
  try {
    const probe = Date.UTC(2031, 0, 1, 12);
    const summer = Date.UTC(2031, 6, 1, 12);
    const format = (zone: string, at: number) =>
      new Intl.DateTimeFormat("en", { timeZone: zone, hour: "numeric", minute: "numeric", hour12: false }).format(at);
    return format(a, probe) === format(b, probe) && format(a, summer) === format(b, summer);
  } catch {
    return false;
  }
}
