import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
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
import { type PasswordChangeValues, passwordChangeSchema, type ProfileValues, profileSchema } from "./schemas";
import { Table } from "../ui/Table";

export function AccountScreen() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="My account" subtitle={`${user.username} · ${ROLE_LABELS[user.role]}`} />
      <div className="grid grid-2">
        <ProfileCard />
        <PasswordCard />
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
