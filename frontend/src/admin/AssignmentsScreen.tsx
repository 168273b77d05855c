import { useState } from "react";
import { Form } from "react-aria-components";

import type { Assignment } from "../api/types";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/Dialog";
import { ErrorMessage, ListState, Notice } from "../ui/Feedback";
import { Checkbox } from "../ui/fields";
import { formatDate } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { useAssignments, useCreateAssignment, useEndAssignment } from "./queries";
import { UserPicker } from "./UserPicker";
import { Table } from "../ui/Table";

export function AssignmentsScreen() {
  const [activeOnly, setActiveOnly] = useState(true);
  const assignments = useAssignments(activeOnly);
  return (
    <>
      <PageHeader
        title="Assignments"
        subtitle="Which doctor cares for which patient. A doctor sees only their assigned patients."
      />
      <AssignForm />
      <section className="card" aria-labelledby="assignment-list-heading">
        <div className="card-header">
          <h2 id="assignment-list-heading">{activeOnly ? "Current assignments" : "All assignments"}</h2>
          <Checkbox isSelected={activeOnly} onChange={setActiveOnly}>
            Current only
          </Checkbox>
        </div>
        <ListState
          list={assignments}
          loadingLabel="Loading assignments…"
          errorTitle="The assignments could not be loaded."
          emptyTitle="No assignments yet."
        >
          {(items) => (
            <div className="table-wrap">
              <Table>
                <thead>
                  <tr>
                    <th scope="col">Patient</th>
                    <th scope="col">Doctor</th>
                    <th scope="col">Since</th>
                    <th scope="col">Ended</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((assignment) => (
                    <AssignmentRow key={assignment.id} assignment={assignment} />
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

function AssignForm() {
  const create = useCreateAssignment();
  const [doctorId, setDoctorId] = useState<number | null>(null);
  const [patientId, setPatientId] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<Assignment | null>(null);
  return (
    <section className="card" aria-labelledby="assign-heading">
      <h2 id="assign-heading">Assign a doctor to a patient</h2>
      {done && (
        <Notice tone="success">
          {done.doctor.full_name} now cares for {done.patient.full_name}.
        </Notice>
      )}
      {create.error && <ErrorMessage error={create.error} title="The assignment was not made." />}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          setDone(null);
          if (doctorId === null || patientId === null) {
            setMissing(true);
            return;
          }
          create.mutate({ doctor_id: doctorId, patient_id: patientId }, { onSuccess: setDone });
        }}
        validationBehavior="aria"
      >
        <div className="form-grid">
          <UserPicker
            label="Doctor"
            role="doctor"
            value={doctorId}
            onChange={setDoctorId}
            errorMessage={missing && doctorId === null ? "Choose the doctor." : undefined}
          />
          <UserPicker
            label="Patient"
            role="patient"
            value={patientId}
            onChange={setPatientId}
            errorMessage={missing && patientId === null ? "Choose the patient." : undefined}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" isPending={create.isPending}>
            Assign
          </Button>
        </div>
      </Form>
    </section>
  );
}

function AssignmentRow({ assignment }: { assignment: Assignment }) {
  const end = useEndAssignment();
  const [confirming, setConfirming] = useState(false);
  const pair = `${assignment.doctor.full_name} caring for ${assignment.patient.full_name}`;
  return (
    <tr>
      <td>{assignment.patient.full_name}</td>
      <td>{assignment.doctor.full_name}</td>
      <td className="nowrap">{formatDate(assignment.created_at)}</td>
      <td className="nowrap">
        {assignment.ended_at ? formatDate(assignment.ended_at) : <span className="muted">Current</span>}
      </td>
      <td className="nowrap">
        {!assignment.ended_at && (
          <Button size="small" variant="danger" onPress={() => setConfirming(true)} aria-label={`End: ${pair}`}>
            End
          </Button>
        )}
        <ConfirmDialog
          isOpen={confirming}
          onClose={() => {
            setConfirming(false);
            end.reset();
          }}
          onConfirm={() => end.mutate(assignment.id, { onSuccess: () => setConfirming(false) })}
          title="End this assignment?"
          confirmLabel="End assignment"
          isPending={end.isPending}
          error={end.error}
        >
          <p>
            {assignment.doctor.full_name} loses access to {assignment.patient.full_name}'s records immediately. The
            history is kept.
          </p>
        </ConfirmDialog>
      </td>
    </tr>
  );
}
