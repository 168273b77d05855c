import { useDeferredValue, useState } from "react";
import { useLocation } from "react-router";

import type { Combo } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { Button, LinkButton } from "../ui/Button";
import { ConfirmDialog } from "../ui/Dialog";
import { ListState, Notice } from "../ui/Feedback";
import { Checkbox, SearchField } from "../ui/fields";
import { formatDate } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { ExerciseList } from "./ExerciseList";
import { useCombos, useDeleteCombo } from "./queries";

export function CombosScreen() {
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const [search, setSearch] = useState("");
  const [mine, setMine] = useState(false);
  const deferredSearch = useDeferredValue(search.trim());
  const combos = useCombos({ mine, search: deferredSearch });

  return (
    <>
      <PageHeader
        title="Routines"
        subtitle="Reusable exercise routines. Every doctor's routines can be planned; you edit your own."
        actions={
          <LinkButton to="/routines/new" variant="primary">
            New routine
          </LinkButton>
        }
      />
      {saved && <Notice tone="success">“{saved}” was saved.</Notice>}
      <div className="toolbar">
        <SearchField label="Search routines" value={search} onChange={setSearch} placeholder="Routine name" />
        <Checkbox isSelected={mine} onChange={setMine}>
          Only my routines
        </Checkbox>
      </div>
      <ListState
        list={combos}
        loadingLabel="Loading routines…"
        errorTitle="The routines could not be loaded."
        emptyTitle={deferredSearch ? `No routine matches “${deferredSearch}”.` : "No routines yet."}
        emptyBody={<p>Create one with “New routine”.</p>}
      >
        {(items) => (
          <div className="grid grid-2">
            {items.map((combo) => (
              <ComboCard key={combo.id} combo={combo} />
            ))}
          </div>
        )}
      </ListState>
    </>
  );
}

function ComboCard({ combo }: { combo: Combo }) {
  const user = useCurrentUser();
  const mine = combo.doctor.id === user.id;
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteCombo();
  const headingId = `combo-${combo.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <div>
          <h2 id={headingId} style={{ fontSize: "1.125rem", margin: 0 }}>
            {combo.name}
          </h2>
          <span className="muted small">
            {mine ? "Yours" : combo.doctor.full_name} · {formatDate(combo.created_at)}
          </span>
        </div>
      </div>
      {combo.description && <p className="muted">{combo.description}</p>}
      <ExerciseList items={combo.items} />
      <div className="form-actions">
        {mine ? (
          <>
            <Button variant="danger" size="small" onPress={() => setConfirming(true)} aria-describedby={headingId}>
              Delete
            </Button>
            <LinkButton to={`/routines/${combo.id}`} size="small" aria-describedby={headingId}>
              Edit
            </LinkButton>
          </>
        ) : (
          <LinkButton to={`/routines/new?from=${combo.id}`} size="small" aria-describedby={headingId}>
            Make a copy
          </LinkButton>
        )}
      </div>
      <ConfirmDialog
        isOpen={confirming}
        onClose={() => {
          setConfirming(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(combo.id, { onSuccess: () => setConfirming(false) })}
        title={`Delete “${combo.name}”?`}
        confirmLabel="Delete routine"
        isPending={remove.isPending}
        error={remove.error}
      >
        <p>A routine that a week plan uses cannot be deleted; remove it from those plans first.</p>
      </ConfirmDialog>
    </article>
  );
}
