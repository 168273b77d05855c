import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Form } from "react-aria-components";
import { useForm } from "react-hook-form";
import { Link } from "react-router";

import { isStatus } from "../api/client";
import type { Schedule } from "../api/types";
import { useAllMyPatients } from "../patients/queries";
import { Button, LinkButton } from "../ui/Button";
import { ConfirmDialog, Modal } from "../ui/Dialog";
import { ErrorMessage, Notice } from "../ui/Feedback";
import { FormDateField, FormSelectField, FormTextField, FormTimeField } from "../ui/formFields";
import { formatDateTime, formatTime } from "../ui/format";
import { appointmentDefaults, appointmentSchema, appointmentSlot, type AppointmentValues } from "./appointmentSchema";
import { DURATION_OPTIONS, findClash } from "./appointmentTimes";
import { useBookAppointment, useChangeAppointmentStatus, useUpdateAppointment } from "./queries";
import { StatusTag } from "./StatusTag";

/** The 409 of a double booking, said with the appointment it clashes with when we know it. */
export function ClashMessage({ error, clash }: { error: unknown; clash: Schedule | undefined }) {
  if (!isStatus(error, 409))
    return <ErrorMessage error={error} title="The appointment was not saved. Your entries are still here." />;
  return (
    <div className="alert alert--error" role="alert">
      <div className="alert-body">
        <p className="alert-title">This time is already taken.</p>
        <p>
          {clash
            ? `It overlaps your appointment with ${clash.patient.full_name} (${clash.title}), ${formatDateTime(clash.starts_at)}–${formatTime(clash.ends_at)}.`
            : "It overlaps another of your appointments."}{" "}
          Choose another time or a shorter length.
        </p>
      </div>
    </div>
  );
}

interface AppointmentFormDialogProps {
  /** The appointment to reschedule or edit; none to book a new one. */
  schedule?: Schedule;
  defaults: { patientId?: number; date: string; time: string };
  /** The appointments already loaded (to name the one a 409 clashes with). */
  known: Schedule[];
  onClose: () => void;
  /** After a successful save, with the appointment as stored (the dialog closes itself). */
  onSaved?: (saved: Schedule) => void;
}

export function AppointmentFormDialog({ schedule, defaults, known, onClose, onSaved }: AppointmentFormDialogProps) {
  const patients = useAllMyPatients();
  const book = useBookAppointment();
  const update = useUpdateAppointment(schedule?.id ?? 0);
  const save = schedule ? update : book;
  const [clash, setClash] = useState<Schedule | undefined>();
  const form = useForm<AppointmentValues>({
    resolver: zodResolver(appointmentSchema(schedule?.starts_at)),
    defaultValues: appointmentDefaults(schedule, defaults),
  });

  const onSubmit = form.handleSubmit(async (values) => {
    const slot = appointmentSlot(values);
    const notes = values.notes.trim();
    setClash(findClash(known, slot.starts_at, slot.ends_at, schedule?.id));
    try {
      const saved = await save.mutateAsync({
        patient_id: values.patient_id,
        title: values.title.trim(),
        notes: notes || null,
        ...slot,
      });
      onClose();
      onSaved?.(saved);
    } catch {
      // Shown from save.error; the form keeps what was typed.
    }
  });

  const patientOptions = (patients.data ?? []).map((patient) => ({ id: patient.id, label: patient.full_name }));
  return (
    <Modal isOpen onClose={onClose} title={schedule ? "Change appointment" : "Book an appointment"}>
      {save.error && <ClashMessage error={save.error} clash={clash} />}
      {patients.error && <ErrorMessage error={patients.error} title="Your patients could not be loaded." />}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
      >
        <div className="form-grid">
          {schedule ? (
            <p className="span-all" style={{ margin: 0 }}>
              With <strong>{schedule.patient.full_name}</strong>
            </p>
          ) : (
            <FormSelectField
              control={form.control}
              name="patient_id"
              label="Patient"
              options={patientOptions}
              placeholder={patients.isPending ? "Loading patients…" : "Choose a patient…"}
              isDisabled={patients.isPending}
              className="span-all"
            />
          )}
          <FormTextField control={form.control} name="title" label="Title" className="span-all" />
          <FormDateField control={form.control} name="date" label="Day" allow="future" />
          <FormTimeField control={form.control} name="time" label="Start time" />
          <FormSelectField control={form.control} name="duration" label="Length" options={DURATION_OPTIONS} />
          <FormTextField
            control={form.control}
            name="notes"
            label="Notes"
            optional
            multiline
            rows={3}
            className="span-all"
          />
        </div>
        <div className="form-actions">
          <Button onPress={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isPending={save.isPending}>
            {schedule ? "Save changes" : "Book appointment"}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

/** One appointment: what, who, when, and what the doctor can do with it. */
export function AppointmentDetailsDialog({
  schedule,
  onClose,
  onReschedule,
}: {
  schedule: Schedule;
  onClose: () => void;
  onReschedule: () => void;
}) {
  const change = useChangeAppointmentStatus();
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const open = schedule.status === "scheduled";
  const started = new Date(schedule.starts_at).getTime() <= Date.now();
  const over = new Date(schedule.ends_at).getTime() <= Date.now();
  const close = (to: "completed" | "missed") => change.mutate({ id: schedule.id, to }, { onSuccess: onClose });

  return (
    <>
      <Modal isOpen={!confirmingCancel} onClose={onClose} title={schedule.title}>
        <dl className="facts">
          <dt>Patient</dt>
          <dd>
            <Link to={`/patients/${schedule.patient.id}`}>{schedule.patient.full_name}</Link>
          </dd>
          <dt>When</dt>
          <dd>
            {formatDateTime(schedule.starts_at)}–{formatTime(schedule.ends_at)}
          </dd>
          <dt>Status</dt>
          <dd>
            <StatusTag status={schedule.status} />
          </dd>
          {schedule.notes && (
            <>
              <dt>Notes</dt>
              <dd className="pre-wrap">{schedule.notes}</dd>
            </>
          )}
        </dl>
        {open && over && (
          <Notice tone="warning" title="This appointment is over. Was it held?">
            Record whether it took place, so that the patient's history is right.
          </Notice>
        )}
        {change.error && !confirmingCancel && <ErrorMessage error={change.error} />}
        <div className="form-actions">
          <LinkButton to={`/messages/${schedule.patient.id}`} variant="quiet">
            Message patient
          </LinkButton>
          {open && (
            <>
              <Button variant="danger" onPress={() => setConfirmingCancel(true)}>
                Cancel appointment
              </Button>
              <Button onPress={onReschedule}>Reschedule</Button>
              {started && (
                <>
                  <Button isPending={change.isPending} onPress={() => close("missed")}>
                    Mark as missed
                  </Button>
                  <Button variant="primary" isPending={change.isPending} onPress={() => close("completed")}>
                    Mark as held
                  </Button>
                </>
              )}
            </>
          )}
          {!open && <Button onPress={onClose}>Close</Button>}
        </div>
      </Modal>
      <ConfirmDialog
        isOpen={confirmingCancel}
        onClose={() => {
          setConfirmingCancel(false);
          change.reset();
        }}
        onConfirm={() => change.mutate({ id: schedule.id, to: "cancelled" }, { onSuccess: onClose })}
        title="Cancel this appointment?"
        confirmLabel="Cancel appointment"
        cancelLabel="Keep appointment"
        isPending={change.isPending}
        error={change.error}
      >
        <p>
          {schedule.title} with {schedule.patient.full_name}, {formatDateTime(schedule.starts_at)}. The patient is told,
          and the time becomes free.
        </p>
      </ConfirmDialog>
    </>
  );
}
