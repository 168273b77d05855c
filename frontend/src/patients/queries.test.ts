import { QueryClient, type QueryKey } from "@tanstack/react-query";

import { brainKeys } from "../brain/queries";
import { planKeys } from "../plans/queries";
import { progressKeys } from "../progress/queries";
import { patientKeys } from "./queries";

describe("patient query keys", () => {
  // What a finished session or a changed plan refreshes by invalidating patientKeys.detail(id).
  const aboutPatient = (id: number): QueryKey[] => [
    patientKeys.detail(id),
    patientKeys.records(id),
    patientKeys.notes(id),
    patientKeys.sessions(id),
    patientKeys.doctors(id),
    planKeys.week(id, "2026-11-23"),
    planKeys.todayOn(id, "2026-11-25"),
    progressKeys.trend(id, "pain", { weeks: 4 }),
    brainKeys.history(id),
  ];

  it("puts everything about one patient under that patient's key, and nothing about another", async () => {
    const client = new QueryClient();
    for (const key of [...aboutPatient(5), ...aboutPatient(6), patientKeys.list(""), patientKeys.everyMine]) {
      client.setQueryData(key, "cached");
    }
    await client.invalidateQueries({ queryKey: patientKeys.detail(5) }, { cancelRefetch: false });
    const invalidated = (key: QueryKey) => client.getQueryState(key)?.isInvalidated;
    expect(aboutPatient(5).map(invalidated)).toEqual(aboutPatient(5).map(() => true));
    expect(aboutPatient(6).map(invalidated)).toEqual(aboutPatient(6).map(() => false));
    expect(invalidated(patientKeys.list(""))).toBe(false);
    expect(invalidated(patientKeys.everyMine)).toBe(false);
  });

  it("tells a search apart from a patient", () => {
    expect(patientKeys.list("5")).not.toEqual(patientKeys.detail(5));
    expect(new Set(aboutPatient(5).map((key) => JSON.stringify(key))).size).toBe(aboutPatient(5).length);
  });
});
