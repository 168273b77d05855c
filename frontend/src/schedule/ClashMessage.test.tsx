import { render, screen } from "@testing-library/react";

import { ApiError } from "../api/client";
import type { Schedule } from "../api/types";
import { ClashMessage } from "./AppointmentDialogs";

const taken: Schedule = {
  id: 4,
  doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
  patient: { id: 5, full_name: "Ada Achebe", role: "patient" },
  title: "Progress review",
  starts_at: "2026-11-26T09:00:00Z",
  ends_at: "2026-11-26T09:30:00Z",
  status: "scheduled",
  notes: null,
  created_at: "2026-11-01T10:00:00Z",
};
const doubleBooking = new ApiError(409, {
  type: "x",
  title: "Conflict",
  status: 409,
  detail: "This time overlaps another of the doctor's appointments (2026-11-26 09:00-09:30 UTC).",
});

describe("a refused booking", () => {
  it("says a double booking plainly, naming the appointment in the way", () => {
    render(<ClashMessage error={doubleBooking} clash={taken} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("This time is already taken.");
    expect(alert).toHaveTextContent("It overlaps your appointment with Ada Achebe (Progress review)");
    expect(alert).toHaveTextContent("Choose another time or a shorter length.");
  });

  it("still says it when the clashing appointment is not on screen", () => {
    render(<ClashMessage error={doubleBooking} clash={undefined} />);
    expect(screen.getByRole("alert")).toHaveTextContent("It overlaps another of your appointments.");
  });

  it("shows any other refusal as the server words it, and that nothing typed is lost", () => {
    const past = new ApiError(422, {
      type: "x",
      title: "Invalid",
      status: 422,
      detail: "An appointment cannot start in the past.",
    });
    render(<ClashMessage error={past} clash={taken} />);
    expect(screen.getByRole("alert")).toHaveTextContent("An appointment cannot start in the past.");
    expect(screen.getByRole("alert")).toHaveTextContent("Your entries are still here.");
  });
});
