// Downloads of a patient's record: the FHIR Bundle, the sessions CSV and this week's home
// programme (PDF). The access token lives
// in memory, so a plain link could not carry it: the file is fetched through the API client and
// handed to the browser as a download from memory.
import { useState } from "react";

import { api, unwrap } from "../api/client";
import { Button } from "../ui/Button";
import { ErrorMessage } from "../ui/Feedback";

type Export = "fhir" | "csv" | "pdf";

function fetchExport(kind: Export, patientId: number): Promise<Blob> {
  const params = { path: { patient_id: patientId } };
  if (kind === "fhir") return unwrap(api.GET("/api/v1/patients/{patient_id}/fhir", { params, parseAs: "blob" }));
  if (kind === "csv") {
    return unwrap(api.GET("/api/v1/patients/{patient_id}/sessions.csv", { params, parseAs: "blob" }));
  }
  return unwrap(api.GET("/api/v1/patients/{patient_id}/home-programme.pdf", { params, parseAs: "blob" }));
}

const FILE_NAMES: Record<Export, (patientId: number) => string> = {
  fhir: (id) => `patient-${id}-fhir.json`,
  csv: (id) => `patient-${id}-sessions.csv`,
  pdf: (id) => `patient-${id}-home-programme.pdf`,
};

export function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  // The browser has the file once the click is handled; the object URL may go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ExportButtons({ patientId }: { patientId: number }) {
  const [pending, setPending] = useState<Export | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function download(kind: Export) {
    setPending(kind);
    setError(null);
    try {
      const blob = await fetchExport(kind, patientId);
      saveFile(blob, FILE_NAMES[kind](patientId));
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(null);
    }
  }

  return (
    <>
      <Button isPending={pending === "fhir"} isDisabled={pending !== null} onPress={() => void download("fhir")}>
        Download FHIR
      </Button>
      <Button isPending={pending === "csv"} isDisabled={pending !== null} onPress={() => void download("csv")}>
        Download sessions CSV
      </Button>
      <Button isPending={pending === "pdf"} isDisabled={pending !== null} onPress={() => void download("pdf")}>
        Print home programme
      </Button>
      {error !== null && <ErrorMessage error={error} title="The download failed." />}
    </>
  );
}

const RECORDS_WORDING = {
  patient:
    "Print your home programme, keep your sessions as a spreadsheet, or take your record to another clinic (FHIR, a format health systems read).",
  doctor:
    "The home programme to print for the patient, their sessions as a spreadsheet, or their record as FHIR for another system.",
} as const;

/** The patient's record to take away: a titled section with the three downloads. */
export function RecordDownloads({
  patientId,
  audience,
}: {
  patientId: number;
  audience: keyof typeof RECORDS_WORDING;
}) {
  return (
    <section className="card stack" aria-labelledby="record-downloads">
      <h2 id="record-downloads" style={{ margin: 0 }}>
        {audience === "patient" ? "Your records" : "Records to download"}
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        {RECORDS_WORDING[audience]}
      </p>
      <div className="row">
        <ExportButtons patientId={patientId} />
      </div>
    </section>
  );
}
