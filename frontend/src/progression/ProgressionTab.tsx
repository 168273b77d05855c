import { useState } from "react";
import { Form } from "react-aria-components";

import { Tag, type TagTone } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ErrorMessage, ListState } from "../ui/Feedback";
import { NumberField } from "../ui/fields";
import { formatDate, formatDateTime, SIDE_LABELS } from "../ui/format";
import { type Proposal, useDecideProposal, useProposals } from "./queries";

type Dose = Proposal["current"];

const KIND: Record<Proposal["kind"], { label: string; tone: TagTone }> = {
  progress: { label: "Progress", tone: "success" },
  hold: { label: "Hold", tone: "neutral" },
  regress: { label: "Regress", tone: "warning" },
  harder_variant: { label: "Harder variant", tone: "success" },
  easier_variant: { label: "Easier variant", tone: "warning" },
};

const DECIDED: Record<Exclude<Proposal["status"], "proposed">, string> = {
  accepted: "Accepted",
  edited: "Accepted with changes",
  dismissed: "Dismissed",
};

/** "3 × 10, target 90°" */
export function doseText(dose: Dose): string {
  const target = dose.target_rom_deg === null ? "no range target" : `target ${Math.round(dose.target_rom_deg)}°`;
  return `${dose.sets} × ${dose.reps}, ${target}`;
}

function exerciseName(proposal: Proposal): string {
  const side = proposal.side === "both" ? "" : ` (${SIDE_LABELS[proposal.side].toLowerCase()})`;
  return `${proposal.exercise_name}${side}`;
}

/** The doctor's weekly review: one proposal per exercise of last week's plan, each accepted,
 * edited or dismissed in one click. Nothing changes in the patient's plan before that. */
export function ProgressionTab({ patientId }: { patientId: number }) {
  const proposals = useProposals(patientId);
  const week = proposals.items[0]?.week_start;
  return (
    <section aria-labelledby="progression-heading" className="stack">
      <h2 id="progression-heading" style={{ margin: 0 }}>
        Progression
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        {week
          ? `Proposals from the week of ${formatDate(week)}. Accepting changes next week's plan only, through a copy of the routine for this patient.`
          : "Proposals from the last finished week. Accepting changes next week's plan only."}
      </p>
      <ListState
        list={proposals}
        loadingLabel="Loading proposals…"
        errorTitle="The proposals could not be loaded."
        emptyTitle="No proposals."
        emptyBody="The patient had no plan last week."
      >
        {(items) => (
          <ul className="plain stack">
            {items.map((proposal) => (
              <li key={proposal.id}>
                <ProposalCard proposal={proposal} patientId={patientId} />
              </li>
            ))}
          </ul>
        )}
      </ListState>
    </section>
  );
}

function ProposalCard({ proposal, patientId }: { proposal: Proposal; patientId: number }) {
  const decide = useDecideProposal(patientId);
  const [editing, setEditing] = useState(false);
  const kind = KIND[proposal.kind];
  const name = exerciseName(proposal);
  const changes = doseText(proposal.current) !== doseText(proposal.proposed);

  return (
    <article className="card" aria-label={`${name}: ${kind.label}`}>
      <div className="card-header">
        <h3 style={{ margin: 0 }}>{name}</h3>
        <span className="row">
          <Tag tone={kind.tone}>{kind.label}</Tag>
          {proposal.status !== "proposed" && <Tag tone="info">{DECIDED[proposal.status]}</Tag>}
        </span>
      </div>
      <p style={{ margin: "4px 0" }}>{proposal.reason}</p>
      <p className="muted small" style={{ margin: "4px 0" }}>
        Now {doseText(proposal.current)}
        {changes && ` · proposed ${doseText(proposal.proposed)}`}
        {proposal.proposed_variant_name && ` · proposed ${proposal.proposed_variant_name} instead`}
      </p>
      {proposal.status !== "proposed" ? (
        <p className="small" style={{ margin: "4px 0" }}>
          {proposal.applied && proposal.applied_week_start
            ? `From the week of ${formatDate(proposal.applied_week_start)}: ${doseText(proposal.applied)}.`
            : "Nothing changed."}
          {proposal.decided_at && ` Decided ${formatDateTime(proposal.decided_at)}.`}
        </p>
      ) : editing ? (
        <EditForm
          proposal={proposal}
          isPending={decide.isPending}
          onCancel={() => setEditing(false)}
          onApply={(dose) =>
            decide.mutate(
              { proposal_id: proposal.id, decision: "edit", ...dose },
              { onSuccess: () => setEditing(false) },
            )
          }
        />
      ) : (
        <div className="form-actions" style={{ marginTop: 8 }}>
          <Button
            variant="primary"
            isPending={decide.isPending && decide.variables?.decision === "accept"}
            onPress={() => decide.mutate({ proposal_id: proposal.id, decision: "accept" })}
            aria-label={`Accept: ${name}`}
          >
            Accept
          </Button>
          <Button onPress={() => setEditing(true)} aria-label={`Edit: ${name}`}>
            Edit
          </Button>
          <Button
            isPending={decide.isPending && decide.variables?.decision === "dismiss"}
            onPress={() => decide.mutate({ proposal_id: proposal.id, decision: "dismiss" })}
            aria-label={`Dismiss: ${name}`}
          >
            Dismiss
          </Button>
        </div>
      )}
      {decide.error && <ErrorMessage error={decide.error} title="The decision was not saved." />}
    </article>
  );
}

function EditForm({
  proposal,
  isPending,
  onCancel,
  onApply,
}: {
  proposal: Proposal;
  isPending: boolean;
  onCancel: () => void;
  onApply: (dose: Dose) => void;
}) {
  const [sets, setSets] = useState(proposal.proposed.sets);
  const [reps, setReps] = useState(proposal.proposed.reps);
  const [target, setTarget] = useState(proposal.proposed.target_rom_deg ?? Number.NaN);
  const valid = Number.isInteger(sets) && sets >= 1 && sets <= 20 && Number.isInteger(reps) && reps >= 1 && reps <= 200;
  const targetValue = Number.isNaN(target) ? null : target;
  const targetValid = targetValue === null || (targetValue >= 1 && targetValue <= 180);
  return (
    <Form
      onSubmit={(event) => {
        event.preventDefault();
        if (valid && targetValid) onApply({ sets, reps, target_rom_deg: targetValue });
      }}
      validationBehavior="aria"
      className="stack"
      style={{ marginTop: 8 }}
    >
      <div className="row" style={{ flexWrap: "wrap" }}>
        <NumberField label="Sets" value={sets} onChange={setSets} minValue={1} maxValue={20} />
        <NumberField label="Reps" value={reps} onChange={setReps} minValue={1} maxValue={200} />
        <NumberField
          label="Range target"
          unit="°"
          optional
          value={target}
          onChange={setTarget}
          minValue={1}
          maxValue={180}
        />
      </div>
      <div className="form-actions">
        <Button onPress={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" isPending={isPending} isDisabled={!valid || !targetValid}>
          Apply to next week
        </Button>
      </div>
    </Form>
  );
}
