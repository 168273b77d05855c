import { appLinkFor } from "./links";

describe("where a notification leads", () => {
  it("opens the conversation of a message", () => {
    expect(appLinkFor({ link: "/messages/with/7", kind: "message" }, "doctor")).toBe("/messages/7");
  });

  it("opens each role's own appointments screen", () => {
    const booked = { link: "/schedules/12", kind: "appointment_booked" as const };
    expect(appLinkFor(booked, "patient")).toBe("/appointments");
    expect(appLinkFor(booked, "doctor")).toBe("/schedule");
  });

  it("opens today's plan for a new week plan", () => {
    expect(appLinkFor({ link: "/week-plans/3", kind: "week_plan" }, "patient")).toBe("/today");
  });

  it("opens the patient's questionnaires when one is due", () => {
    const due = { link: "/questionnaires", kind: "general" as const };
    expect(appLinkFor(due, "patient")).toBe("/questionnaires");
    expect(appLinkFor(due, "doctor")).toBeNull();
  });

  it("leads nowhere when it is about nothing the app shows", () => {
    expect(appLinkFor({ link: null, kind: "general" }, "admin")).toBeNull();
  });
});
