import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Form } from "react-aria-components";
import { useForm } from "react-hook-form";

import { fieldErrors } from "../api/client";
import type { MedicalRecord } from "../api/types";
import { Button } from "../ui/Button";
import { Modal } from "../ui/Dialog";
import { ErrorMessage, ListState } from "../ui/Feedback";
import { FormSelectField, FormTextField } from "../ui/formFields";
import { formatDate, sideLabel, SIDE_LABELS } from "../ui/format";
import { applyServerErrors } from "../ui/serverErrors";
import { useUnsavedChanges } from "../ui/UnsavedChanges";
import { useMedicalRecords, useSaveMedicalRecord } from "./queries";
import { medicalRecordBody, medicalRecordDefaults, medicalRecordSchema, type MedicalRecordValues } from "./schemas";

const SIDE_OPTIONS = [
  { id: "", label: "Not specified" },
  ...(["left", "right", "both"] as const).map((side) => ({ id: side, label: SIDE_LABELS[side] })),
];

/** The doctor keeps the records here; the patient (``editable`` false) reads their own. */
export function MedicalRecordsTab({ patientId, editable = true }: { patientId: number; editable?: boolean }) {
  const records = useMedicalRecords(patientId);
  // undefined: closed; null: a new record; a record: editing it.
  const [editing, setEditing] = useState<MedicalRecord | null | undefined>(undefined);

  return (
    <section aria-labelledby="records-heading">
      <div className="row-between" style={{ marginBottom: 16 }}>
        <h2 id="records-heading" style={{ margin: 0 }}>
          Medical records
        </h2>
        {editable && (
          <Button variant="primary" onPress={() => setEditing(null)}>
            Add record
          </Button>
        )}
      </div>
      <ListState
        list={records}
        loadingLabel="Loading medical records…"
        errorTitle="The medical records could not be loaded."
        emptyTitle={editable ? "No medical records yet." : "Your physiotherapist has not written a record yet."}
      >
        {(items) =>
          items.map((record) => (
            <article key={record.id} className="card" aria-labelledby={`record-${record.id}`}>
              <div className="card-header">
                <div>
                  <h3 id={`record-${record.id}`}>{record.diagnosis}</h3>
                  <span className="muted small">
                    Recorded {formatDate(record.created_at)}
                    {record.updated_at && `, updated ${formatDate(record.updated_at)}`}
                  </span>
                </div>
                {editable && (
                  <Button
                    size="small"
                    onPress={() => setEditing(record)}
                    aria-label={`Edit record: ${record.diagnosis}`}
                  >
                    Edit
                  </Button>
                )}
              </div>
              <dl className="facts">
                <dt>Affected side</dt>
                <dd>{sideLabel(record.affected_side)}</dd>
                <dt>Precautions</dt>
                <dd className="pre-wrap">{record.precautions ?? "—"}</dd>
                <dt>Goals</dt>
                <dd className="pre-wrap">{record.goals ?? "—"}</dd>
                <dt>Notes</dt>
                <dd className="pre-wrap">{record.notes ?? "—"}</dd>
              </dl>
            </article>
          ))
        }
      </ListState>
      {editing !== undefined && (
        <MedicalRecordDialog
          patientId={patientId}
          record={editing ?? undefined}
          onClose={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

function MedicalRecordDialog({
  patientId,
  record,
  onClose,
}: {
  patientId: number;
  record: MedicalRecord | undefined;
  onClose: () => void;
}) {
  const save = useSaveMedicalRecord(patientId, record?.id);
  const form = useForm<MedicalRecordValues>({
    resolver: zodResolver(medicalRecordSchema),
    defaultValues: medicalRecordDefaults(record),
  });
  useUnsavedChanges(form.formState.isDirty, "this medical record");
  const onSubmit = form.handleSubmit((values) =>
    save
      .mutateAsync(medicalRecordBody(values))
      .then(onClose, (error: unknown) => applyServerErrors(form, fieldErrors(error))),
  );

  return (
    <Modal isOpen onClose={onClose} title={record ? "Edit medical record" : "Add a medical record"} wide>
      {save.error && <ErrorMessage error={save.error} title="The record was not saved. Your text is still here." />}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
      >
        <div className="form-grid">
          <FormTextField control={form.control} name="diagnosis" label="Diagnosis" className="span-all" autoFocus />
          <FormSelectField control={form.control} name="affected_side" label="Affected side" options={SIDE_OPTIONS} />
          <FormTextField
            control={form.control}
            name="precautions"
            label="Precautions"
            multiline
            rows={3}
            optional
            className="span-all"
          />
          <FormTextField
            control={form.control}
            name="goals"
            label="Goals"
            multiline
            rows={3}
            optional
            className="span-all"
          />
          <FormTextField
            control={form.control}
            name="notes"
            label="Notes"
            multiline
            rows={3}
            optional
            className="span-all"
          />
        </div>
        <div className="form-actions">
          <Button onPress={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isPending={save.isPending}>
            {record ? "Save changes" : "Add record"}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
