import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Form } from "react-aria-components";
import { useForm } from "react-hook-form";
import { useNavigate } from "react-router";

import { api, fieldErrors, unwrap, unwrapEmpty } from "../api/client";
import { useKeysetList } from "../api/pages";
import { setSession, updateCurrentUser } from "../api/session";
import { Tag } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ErrorMessage, ListState, Notice } from "../ui/Feedback";
import { FormDateField, FormTextField } from "../ui/formFields";
import { formatDateTime, ROLE_LABELS } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { applyServerErrors } from "../ui/serverErrors";
import { auditActionLabel } from "../admin/auditActions";
import { useCurrentUser } from "./AuthProvider";
import { PasswordField } from "./PasswordField";
import {
  type DayValues,
  daySchema,
  type PasswordChangeValues,
  passwordChangeSchema,
  type ProfileValues,
  profileSchema,
} from "./schemas";
import { deviceTimeZone, isKnownTimeZone, knownTimeZones } from "../ui/timeZones";
import { Table } from "../ui/Table";

export function AccountScreen() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="My account" subtitle={`${user.username} · ${ROLE_LABELS[user.role]}`} />
      <div className="grid grid-2">
        <ProfileCard />
        <PasswordCard />
        <DayCard />
      </div>
      {user.role === "patient" && <RecordAccessCard />}
    </>
  );
}

function ProfileCard() {
  const user = useCurrentUser();
  const [saved, setSaved] = useState(false);
  const form = useForm<ProfileValues>({
    resolver: zodResolver(profileSchema),
    defaultValues: {
      full_name: user.full_name,
      email: user.email ?? "",
      phone: user.phone ?? "",
      date_of_birth: user.date_of_birth ?? "",
    },
  });
  const save = useMutation({
    mutationFn: (values: ProfileValues) =>
      unwrap(
        api.PATCH("/api/v1/users/me", {
          body: {
            full_name: values.full_name.trim(),
            email: values.email.trim() || null,
            phone: values.phone.trim() || null,
            date_of_birth: values.date_of_birth || null,
          },
        }),
      ),
    onSuccess: (updated) => {
      updateCurrentUser(updated);
      setSaved(true);
    },
  });
  const onSubmit = form.handleSubmit((values) => {
    setSaved(false);
    return save.mutateAsync(values).then(
      () => form.reset(values),
      (error: unknown) => applyServerErrors(form, fieldErrors(error)),
    );
  });
  return (
    <section className="card" aria-labelledby="profile-form-heading">
      <h2 id="profile-form-heading">Profile</h2>
      {saved && <Notice tone="success">Your profile was saved.</Notice>}
      {save.error && (
        <ErrorMessage error={save.error} title="Your profile was not saved. Your changes are still here." />
      )}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
        className="stack"
      >
        <FormTextField control={form.control} name="full_name" label="Full name" autoComplete="name" />
        <FormTextField control={form.control} name="email" label="Email" type="email" autoComplete="email" optional />
        <FormTextField control={form.control} name="phone" label="Phone" type="tel" autoComplete="tel" optional />
        {user.role === "patient" && (
          <FormDateField control={form.control} name="date_of_birth" label="Date of birth" allow="past" optional />
        )}
        <div className="form-actions" style={{ marginTop: 0 }}>
          <Button type="submit" variant="primary" isPending={save.isPending}>
            Save profile
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** The account's time zone, and for a patient the reminder time: whose day "today" is. */
function DayCard() {
  const user = useCurrentUser();
  const device = deviceTimeZone();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const form = useForm<DayValues>({
    resolver: zodResolver(daySchema),
    defaultValues: { time_zone: user.time_zone, reminder_time: user.reminder_time?.slice(0, 5) ?? "" },
  });
  const save = useMutation({
    mutationFn: (values: DayValues) =>
      unwrap(
        api.PATCH("/api/v1/users/me", {
          body: {
            time_zone: values.time_zone.trim(),
            ...(user.role === "patient" ? { reminder_time: values.reminder_time || null } : {}),
          },
        }),
      ),
    onSuccess: (updated) => {
      updateCurrentUser(updated);
      setSaved(true);
      // Today's plan, the dashboard and the week all depend on whose day it is.
      void queryClient.invalidateQueries();
    },
  });
  const onSubmit = form.handleSubmit((values) => {
    setSaved(false);
    return save.mutateAsync(values).then(
      () => form.reset(values),
      (error: unknown) => applyServerErrors(form, fieldErrors(error)),
    );
  });
  const zones = knownTimeZones();
  return (
    <section className="card" aria-labelledby="day-form-heading">
      <h2 id="day-form-heading">My day</h2>
      <p className="muted">
        {user.role === "patient"
          ? "Your plan for today, your week and your reminders follow this time zone."
          : "Your appointments of the day follow this time zone."}
      </p>
      {saved && <Notice tone="success">Saved.</Notice>}
      {save.error && <ErrorMessage error={save.error} title="Not saved. Your changes are still here." />}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
        className="stack"
      >
        <FormTextField
          control={form.control}
          name="time_zone"
          label="Time zone"
          description={`A name such as Europe/Berlin. This device is set to ${device}.`}
          list={zones.length > 0 ? "known-time-zones" : undefined}
          autoComplete="off"
        />
        {zones.length > 0 && (
          <datalist id="known-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        )}
        {form.watch("time_zone") !== device && isKnownTimeZone(device) && (
          <div>
            <Button size="small" onPress={() => form.setValue("time_zone", device, { shouldDirty: true })}>
              Use this device's zone ({device})
            </Button>
          </div>
        )}
        {user.role === "patient" && (
          <FormTextField
            control={form.control}
            name="reminder_time"
            label="Reminder time"
            type="time"
            optional
            description="If today's exercises are not done by then, you get a reminder (and an e-mail when the clinic sends them). Leave empty for none."
          />
        )}
        <div className="form-actions" style={{ marginTop: 0 }}>
          <Button type="submit" variant="primary" isPending={save.isPending}>
            Save my day
          </Button>
        </div>
      </Form>
    </section>
  );
}

function PasswordCard() {
  const navigate = useNavigate();
  return (
    <section className="card" aria-labelledby="password-form-heading">
      <h2 id="password-form-heading">Change password</h2>
      <p className="muted">You will be signed out everywhere and sign in again with the new password.</p>
      <PasswordChangeForm
        // The API ends every session of the account, this one too: sign in again with the new one.
        onChanged={() => {
          setSession(null);
          void navigate("/login", { replace: true, state: { passwordChanged: true } });
        }}
      />
    </section>
  );
}

/** Current and new password; ``onChanged`` runs once the API took the new one (which ends every
 * session of the account). Shared by the account screen and the change forced after a reset. */
export function PasswordChangeForm({
  onChanged,
  currentLabel = "Current password",
  submitLabel = "Change password",
}: {
  onChanged: (values: PasswordChangeValues) => Promise<unknown> | void;
  currentLabel?: string;
  submitLabel?: string;
}) {
  const form = useForm<PasswordChangeValues>({
    resolver: zodResolver(passwordChangeSchema),
    defaultValues: { current_password: "", new_password: "" },
  });
  const change = useMutation({
    mutationFn: (values: PasswordChangeValues) => unwrapEmpty(api.PUT("/api/v1/auth/password", { body: values })),
    onSuccess: (_nothing, values) => onChanged(values),
  });
  const onSubmit = form.handleSubmit((values) =>
    change.mutateAsync(values).catch((error: unknown) => applyServerErrors(form, fieldErrors(error))),
  );
  return (
    <>
      {change.error && <ErrorMessage error={change.error} title="Your password was not changed." />}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
        className="stack"
      >
        <PasswordField
          control={form.control}
          name="current_password"
          label={currentLabel}
          autoComplete="current-password"
        />
        <PasswordField
          control={form.control}
          name="new_password"
          label="New password"
          autoComplete="new-password"
          description="At least 8 characters."
        />
        <div className="form-actions" style={{ marginTop: 0 }}>
          <Button type="submit" variant="primary" isPending={change.isPending}>
            {submitLabel}
          </Button>
        </div>
      </Form>
    </>
  );
}

/** For a patient: who read or changed their clinical record (the audit log, their part). */
function RecordAccessCard() {
  const accesses = useKeysetList(["users", "me", "record-access"], (cursor) =>
    unwrap(api.GET("/api/v1/users/me/record-access", { params: { query: { cursor, limit: 20 } } })),
  );
  return (
    <section className="card" aria-labelledby="record-access-heading" style={{ marginTop: 16 }}>
      <h2 id="record-access-heading">Who looked at my record</h2>
      <p className="muted">Every time someone else read or changed your clinical data.</p>
      <ListState
        list={accesses}
        loadingLabel="Loading…"
        errorTitle="This list could not be loaded."
        emptyTitle="Nobody has opened your record yet."
      >
        {(items) => (
          <div className="table-wrap">
            <Table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {items.map((access, index) => (
                  <tr key={`${access.created_at}-${index}`}>
                    <td className="nowrap">{formatDateTime(access.created_at)}</td>
                    <td>{access.actor_name ?? "Unknown"}</td>
                    <td>{auditActionLabel(access.action)}</td>
                    <td>
                      {access.outcome === "allowed" ? (
                        <Tag tone="success">Allowed</Tag>
                      ) : (
                        <Tag tone="danger">Refused</Tag>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </ListState>
    </section>
  );
}
