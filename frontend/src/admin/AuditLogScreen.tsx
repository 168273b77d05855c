import { useState } from "react";

import type { AuditOutcome } from "../api/types";
import { Tag } from "../ui/Badge";
import { Button } from "../ui/Button";
import { DateField } from "../ui/DateFields";
import { ListState } from "../ui/Feedback";
import { SelectField } from "../ui/fields";
import { formatDateTime, ROLE_LABELS } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { localToUtcIso } from "../schedule/appointmentTimes";
import { addDays } from "../ui/isoWeek";
import { auditActionLabel } from "./auditActions";
import { type AuditFilters, useAccountNames, useAuditLog } from "./queries";
import { UserPicker } from "./UserPicker";
import { Table } from "../ui/Table";

const OUTCOMES: { id: AuditOutcome | "any"; label: string }[] = [
  { id: "any", label: "Any outcome" },
  { id: "allowed", label: "Allowed" },
  { id: "denied", label: "Denied" },
];

const NO_FILTERS: AuditFilters = { actorId: null, patientId: null, outcome: null, since: "", until: "" };

/** The start of a local day (or of the day after, to include the whole "until" day), as the
 * UTC instant the API filters on. */
function dayBound(day: string, endOfDay: boolean): string {
  return localToUtcIso(endOfDay ? addDays(day, 1) : day, "00:00");
}

export function AuditLogScreen() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  // Remounting the pickers clears what was typed in them.
  const [generation, setGeneration] = useState(0);
  const log = useAuditLog(filters, dayBound);
  const names = useAccountNames();
  const nameOf = (id: number | null) => {
    if (id === null) return "—";
    return names.data?.get(id)?.full_name ?? `Account #${id}`;
  };
  const update = (change: Partial<AuditFilters>) => setFilters((current) => ({ ...current, ...change }));
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every read or change of patients' clinical data: who, what, whose, when, and whether it was allowed."
      />
      <section className="card" aria-label="Filters" style={{ marginBottom: 16 }}>
        <div className="form-grid audit-filters" key={generation}>
          <UserPicker label="Who" value={filters.actorId} onChange={(actorId) => update({ actorId })} />
          <UserPicker
            label="Whose record"
            role="patient"
            value={filters.patientId}
            onChange={(patientId) => update({ patientId })}
          />
          <SelectField
            label="Outcome"
            options={OUTCOMES}
            value={filters.outcome ?? "any"}
            onChange={(outcome) => update({ outcome: outcome === "any" ? null : outcome })}
          />
          <DateField label="From" value={filters.since} onChange={(since) => update({ since })} allow="past" />
          <DateField label="Until" value={filters.until} onChange={(until) => update({ until })} allow="past" />
        </div>
        {filtered && (
          <div className="form-actions">
            <Button
              size="small"
              onPress={() => {
                setFilters(NO_FILTERS);
                setGeneration((n) => n + 1);
              }}
            >
              Clear filters
            </Button>
          </div>
        )}
      </section>
      <section className="card" aria-label="Audit events">
        <ListState
          list={log}
          loadingLabel="Loading the audit log…"
          errorTitle="The audit log could not be loaded."
          emptyTitle="No events match these filters."
        >
          {(items) => (
            <div className="table-wrap">
              <Table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Action</th>
                    <th scope="col">Whose record</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((event) => (
                    <tr key={event.id}>
                      <td className="nowrap">{formatDateTime(event.created_at)}</td>
                      <td>
                        {nameOf(event.actor_id)}
                        {event.actor_role && (
                          <span className="muted small" style={{ display: "block" }}>
                            {event.actor_role in ROLE_LABELS
                              ? ROLE_LABELS[event.actor_role as keyof typeof ROLE_LABELS]
                              : event.actor_role}
                          </span>
                        )}
                      </td>
                      <td>
                        {auditActionLabel(event.action)}
                        <span className="muted small" style={{ display: "block" }}>
                          {event.resource_type}
                          {event.resource_id !== null && ` #${event.resource_id}`}
                        </span>
                      </td>
                      <td>{nameOf(event.patient_id)}</td>
                      <td>
                        {event.outcome === "allowed" ? (
                          <Tag tone="success">Allowed</Tag>
                        ) : (
                          <Tag tone="danger">Denied</Tag>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </ListState>
      </section>
    </>
  );
}
