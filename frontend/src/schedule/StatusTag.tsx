import type { ScheduleStatus } from "../api/types";
import { Tag, type TagTone } from "../ui/Badge";

const STATUS: Record<ScheduleStatus, { label: string; tone: TagTone }> = {
  scheduled: { label: "Scheduled", tone: "info" },
  completed: { label: "Held", tone: "success" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  missed: { label: "Missed", tone: "warning" },
};

export function statusLabel(status: ScheduleStatus): string {
  return STATUS[status].label;
}

export function StatusTag({ status }: { status: ScheduleStatus }) {
  return <Tag tone={STATUS[status].tone}>{STATUS[status].label}</Tag>;
}
