import { useDeferredValue, useState } from "react";
import { Link } from "react-router";

import { AdherenceMeter, Avatar } from "../ui/Badge";
import { EmptyState, ErrorMessage, Loading } from "../ui/Feedback";
import { SearchField } from "../ui/fields";
import { ageInYears, formatRelative } from "../ui/format";
import { LoadMore } from "../ui/LoadMore";
import { PageHeader } from "../ui/PageHeader";
import { usePatients } from "./queries";
import { Table } from "../ui/Table";

export function PatientListScreen() {
  const [search, setSearch] = useState("");
  // Typing stays instant; the list follows a moment later.
  const deferredSearch = useDeferredValue(search.trim());
  const patients = usePatients(deferredSearch);

  return (
    <>
      <PageHeader title="Patients" subtitle="The patients in your care, with this week's adherence." />
      <div className="toolbar">
        <SearchField label="Search patients" value={search} onChange={setSearch} placeholder="Name or username" />
      </div>
      <section className="card" aria-label="Patient list">
        {patients.error ? (
          <ErrorMessage
            error={patients.error}
            title="The patient list could not be loaded."
            onRetry={() => void patients.refetch()}
          />
        ) : patients.isPending ? (
          <Loading label="Loading patients…" />
        ) : patients.items.length === 0 ? (
          <EmptyState
            title={deferredSearch ? `No patient matches “${deferredSearch}”.` : "No patients are assigned to you yet."}
          >
            {!deferredSearch && <p>The clinic administrator assigns patients to doctors.</p>}
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <Table>
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Age</th>
                  <th scope="col">This week</th>
                  <th scope="col">Adherence</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {patients.items.map((patient) => (
                  <tr key={patient.id}>
                    <td>
                      <span className="person">
                        <Avatar name={patient.full_name} />
                        <span>
                          <Link className="name" to={`/patients/${patient.id}`}>
                            {patient.full_name}
                          </Link>
                          <span className="muted small" style={{ display: "block" }}>
                            {patient.username}
                          </span>
                        </span>
                      </span>
                    </td>
                    <td>{patient.date_of_birth ? ageInYears(patient.date_of_birth) : "—"}</td>
                    <td className="nowrap">
                      {patient.sessions_done_this_week} of {patient.sessions_planned_this_week} sessions
                    </td>
                    <td>
                      <AdherenceMeter value={patient.adherence_this_week} label={`Adherence of ${patient.full_name}`} />
                    </td>
                    <td className="nowrap">{formatRelative(patient.last_activity_at)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
        <LoadMore list={patients} />
      </section>
    </>
  );
}
