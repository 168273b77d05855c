import type { ReactNode } from "react";

/** A count in a red dot. The number is only drawn; the text that explains it is given to
 * assistive technology by the `describedBy` id (so a link keeps its plain name, "Messages"). */
export function CountBadge({ count, id, label }: { count: number; id: string; label: string }) {
  if (count <= 0) return null;
  return (
    <>
      <span className="count-badge" aria-hidden="true">
        {count > 99 ? "99+" : count}
      </span>
      <span id={id} hidden>
        {count} {label}
      </span>
    </>
  );
}

export type TagTone = "neutral" | "danger" | "warning" | "success" | "info";

export function Tag({ tone = "neutral", children }: { tone?: TagTone; children: ReactNode }) {
  return <span className={tone === "neutral" ? "tag" : `tag tag--${tone}`}>{children}</span>;
}

export function Avatar({ name }: { name: string }) {
  const initials = name
    .replace(/^Dr\.?\s+/i, "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
  return (
    <span className="avatar" aria-hidden="true">
      {initials || "?"}
    </span>
  );
}

/** Adherence as a bar and a number: red under half, amber under 80 %, green above. */
export function AdherenceMeter({ value, label }: { value: number | null | undefined; label?: string }) {
  if (value === null || value === undefined) return <span className="muted">No plan</span>;
  const percent = Math.round(value * 100);
  const level = percent < 50 ? "low" : percent < 80 ? "mid" : "";
  return (
    <span className="meter">
      <span
        className="meter-track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={label ?? "Adherence"}
      >
        <span className={`meter-fill ${level}`} style={{ width: `${percent}%` }} />
      </span>
      <span className="nowrap">{percent}%</span>
    </span>
  );
}
