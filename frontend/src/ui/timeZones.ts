// Whose day a date belongs to. The server counts each account's days in the account's IANA time
// zone, and every time is shown in the viewer's zone: the signed-in account's (this device's
// before anyone signs in). Where a patient's zone differs from the viewer's, the app says whose
// zone a day is in.

let accountZone: string | null = null;

/** The signed-in account's zone (api/session.ts sets it on sign-in and on a profile change). */
export function setViewerTimeZone(zone: string | null): void {
  accountZone = zone && isKnownTimeZone(zone) ? zone : null;
}

/** The zone every time on screen is shown in: the account's, else this device's. */
export function viewerTimeZone(): string {
  return accountZone ?? deviceTimeZone();
}

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
export function zoneNote(zone: string | null | undefined, viewerZone = viewerTimeZone()): string {
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

export interface WallClock {
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:MM", 24-hour */
  time: string;
  hour: number;
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day and clock time an instant reads in ``zone`` (default: the viewer's). */
export function wallClock(moment: Date | number, zone: string = viewerTimeZone()): WallClock {
  let formatter = partsFormats.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    partsFormats.set(zone, formatter);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of formatter.formatToParts(moment)) part[type] = value;
  const hour = Number(part.hour) % 24;
  return {
    date: `${part.year}-${part.month}-${part.day}`,
    time: `${String(hour).padStart(2, "0")}:${part.minute}`,
    hour,
  };
}

/** How far ``zone``'s clocks are ahead of UTC at an instant, in ms. */
function offsetMs(at: number, zone: string): number {
  const clock = wallClock(at, zone);
  const [year, month, day] = clock.date.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = clock.time.split(":").map(Number) as [number, number];
  return Date.UTC(year, month - 1, day, hours, minutes) - Math.floor(at / 60_000) * 60_000;
}

/** The instant (ms since 1970) a calendar day and clock time in ``zone`` name (default: the
 * viewer's). A time skipped by a daylight-saving change reads as the hour after. */
export function fromWallClock(date: string, time: string, zone: string = viewerTimeZone()): number {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  const asUtc = Date.UTC(year, month - 1, day, hours, minutes);
  const first = asUtc - offsetMs(asUtc, zone);
  return asUtc - offsetMs(first, zone);
}
