import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Form } from "react-aria-components";
import { useForm } from "react-hook-form";

import type { PatientNote } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { Avatar } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ConfirmDialog } from "../ui/Dialog";
import { ErrorMessage, ListState } from "../ui/Feedback";
import { FormTextField } from "../ui/formFields";
import { formatDateTime } from "../ui/format";
import { useUnsavedChanges } from "../ui/UnsavedChanges";
import { useDeleteNote, useNotes, useSaveNote } from "./queries";
import { noteSchema, type NoteValues } from "./schemas";

export function ClinicalNotesTab({ patientId }: { patientId: number }) {
  const notes = useNotes(patientId);
  return (
    <section aria-labelledby="notes-heading" className="stack">
      <h2 id="notes-heading" style={{ margin: 0 }}>
        Clinical notes
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        Visible to the doctors caring for this patient, never to the patient.
      </p>
      <div className="card">
        <NoteForm patientId={patientId} />
      </div>
      <ListState
        list={notes}
        loadingLabel="Loading notes…"
        errorTitle="The notes could not be loaded."
        emptyTitle="No notes yet."
      >
        {(items) => (
          <ul className="plain stack">
            {items.map((note) => (
              <li key={note.id}>
                <NoteCard note={note} patientId={patientId} />
              </li>
            ))}
          </ul>
        )}
      </ListState>
    </section>
  );
}

/** A new note, or the rewrite of one; the text stays in the box if saving fails. */
function NoteForm({ patientId, note, onDone }: { patientId: number; note?: PatientNote; onDone?: () => void }) {
  const save = useSaveNote(patientId);
  const form = useForm<NoteValues>({ resolver: zodResolver(noteSchema), defaultValues: { body: note?.body ?? "" } });
  useUnsavedChanges(form.formState.isDirty, note ? "a note you are rewriting" : "your new note");
  const onSubmit = form.handleSubmit(async ({ body }) => {
    await save.mutateAsync({ noteId: note?.id, body }).then(
      () => {
        form.reset({ body: note ? body : "" });
        onDone?.();
      },
      () => undefined, // shown below from save.error; the text stays
    );
  });
  return (
    <Form
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
      validationBehavior="aria"
    >
      {save.error && <ErrorMessage error={save.error} title="The note was not saved. Your text is still here." />}
      <FormTextField
        control={form.control}
        name="body"
        label={note ? "Edit note" : "New note"}
        multiline
        rows={note ? 5 : 3}
        autoFocus={Boolean(note)}
      />
      <div className="form-actions" style={{ marginTop: 8 }}>
        {onDone && <Button onPress={onDone}>Cancel</Button>}
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {note ? "Save note" : "Add note"}
        </Button>
      </div>
    </Form>
  );
}

function NoteCard({ note, patientId }: { note: PatientNote; patientId: number }) {
  const user = useCurrentUser();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteNote(patientId);
  const mine = note.author.id === user.id;

  return (
    <article className="card" aria-label={`Note by ${note.author.full_name}, ${formatDateTime(note.created_at)}`}>
      <div className="card-header">
        <span className="person">
          <Avatar name={note.author.full_name} />
          <span>
            <span className="name">{mine ? "You" : note.author.full_name}</span>
            <span className="muted small" style={{ display: "block" }}>
              {formatDateTime(note.created_at)}
              {note.updated_at && ` · edited ${formatDateTime(note.updated_at)}`}
            </span>
          </span>
        </span>
        {mine && !editing && (
          <span className="row">
            <Button size="small" onPress={() => setEditing(true)}>
              Edit
            </Button>
            <Button size="small" variant="danger" onPress={() => setConfirming(true)}>
              Delete
            </Button>
          </span>
        )}
      </div>
      {editing ? (
        <NoteForm patientId={patientId} note={note} onDone={() => setEditing(false)} />
      ) : (
        <p className="pre-wrap" style={{ margin: 0 }}>
          {note.body}
        </p>
      )}
      <ConfirmDialog
        isOpen={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(note.id, { onSuccess: () => setConfirming(false) })}
        title="Delete this note?"
        confirmLabel="Delete note"
        isPending={remove.isPending}
        error={remove.error}
      >
        <p>The note is removed for good. The audit log keeps a record that it was deleted.</p>
      </ConfirmDialog>
    </article>
  );
}
