import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";
import type { UserRole } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { useAllMyPatients } from "../patients/queries";
import { messageKeys } from "./queries";

export interface Contact {
  id: number;
  full_name: string;
}

/** The people the signed-in user may write to: a doctor's patients, a patient's doctors. */
export function useContacts(): { data: Contact[] | undefined; error: unknown; isPending: boolean } {
  const user = useCurrentUser();
  const role: UserRole = user.role;
  const patients = useAllMyPatients(role === "doctor");
  const doctors = useQuery({
    queryKey: messageKeys.myDoctors,
    queryFn: async () => {
      const contacts: Contact[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET("/api/v1/doctors", { params: { query: { cursor, limit: 100 } } }));
        contacts.push(...page.items.map(({ id, full_name }) => ({ id, full_name })));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return contacts;
    },
    enabled: role === "patient",
  });
  return role === "doctor" ? patients : doctors;
}
