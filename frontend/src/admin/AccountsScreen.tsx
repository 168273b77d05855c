import { zodResolver } from "@hookform/resolvers/zod";
import { useDeferredValue, useState } from "react";
import { Form } from "react-aria-components";
import { useForm } from "react-hook-form";

import { fieldErrors } from "../api/client";
import type { UserRead, UserRole } from "../api/types";
import { useCurrentUser } from "../auth/AuthProvider";
import { PasswordField } from "../auth/PasswordField";
import { withoutEmpty } from "../auth/schemas";
import { Tag } from "../ui/Badge";
import { Button } from "../ui/Button";
import { ConfirmDialog, Modal } from "../ui/Dialog";
import { ErrorMessage, ListState, Notice } from "../ui/Feedback";
import { SearchField, SelectField } from "../ui/fields";
import { FormTextField } from "../ui/formFields";
import { formatDate, ROLE_LABELS } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { applyServerErrors } from "../ui/serverErrors";
import { useAccounts, useCreateDoctor, useResetPassword, useSetAccountStatus } from "./queries";
import { doctorSchema, type DoctorValues } from "./schemas";
import { Table } from "../ui/Table";

const ROLE_FILTERS: { id: UserRole | "all"; label: string }[] = [
  { id: "all", label: "Everyone" },
  { id: "doctor", label: "Doctors" },
  { id: "patient", label: "Patients" },
  { id: "admin", label: "Administrators" },
];

export function AccountsScreen() {
  const [search, setSearch] = useState("");
  const [role, setRole] = useState<UserRole | "all">("all");
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<UserRead | null>(null);
  const deferredSearch = useDeferredValue(search.trim());
  const accounts = useAccounts({ role: role === "all" ? null : role, search: deferredSearch });

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="Everyone who can sign in. Patients register themselves; doctors' accounts are created here."
        actions={
          <Button variant="primary" onPress={() => setCreating(true)}>
            Create doctor account
          </Button>
        }
      />
      {created && (
        <Notice tone="success" title={`${created.full_name} can now sign in as “${created.username}”.`}>
          Next, assign patients to them under Assignments.
        </Notice>
      )}
      <div className="toolbar">
        <SearchField label="Search accounts" value={search} onChange={setSearch} placeholder="Name or username" />
        <SelectField label="Role" options={ROLE_FILTERS} value={role} onChange={setRole} className="period-select" />
      </div>
      <section className="card" aria-label="Account list">
        <ListState
          list={accounts}
          loadingLabel="Loading accounts…"
          errorTitle="The accounts could not be loaded."
          emptyTitle={deferredSearch ? `No account matches “${deferredSearch}”.` : "No accounts."}
        >
          {(items) => (
            <div className="table-wrap">
              <Table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">Email</th>
                    <th scope="col">Created</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((account) => (
                    <AccountRow key={account.id} account={account} />
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </ListState>
      </section>
      {creating && (
        <CreateDoctorDialog
          onClose={() => setCreating(false)}
          onCreated={(doctor) => {
            setCreated(doctor);
            setCreating(false);
          }}
        />
      )}
    </>
  );
}

function AccountRow({ account }: { account: UserRead }) {
  const me = useCurrentUser();
  const setStatus = useSetAccountStatus();
  const [confirming, setConfirming] = useState(false);
  const isMe = account.id === me.id;
  return (
    <tr>
      <td>
        <span className="name" style={{ fontWeight: 600 }}>
          {account.full_name}
        </span>
        <span className="muted small" style={{ display: "block" }}>
          {account.username}
        </span>
      </td>
      <td>{ROLE_LABELS[account.role]}</td>
      <td className="break-anywhere">{account.email ?? <span className="muted">—</span>}</td>
      <td className="nowrap">{formatDate(account.created_at)}</td>
      <td>{account.is_active ? <Tag tone="success">Active</Tag> : <Tag tone="danger">Disabled</Tag>}</td>
      <td>
        <div className="row-actions">
          {isMe ? (
            <span className="muted small">You</span>
          ) : account.is_active ? (
            <Button
              size="small"
              variant="danger"
              onPress={() => setConfirming(true)}
              aria-label={`Disable ${account.full_name}`}
            >
              Disable
            </Button>
          ) : (
            <Button
              size="small"
              isPending={setStatus.isPending}
              onPress={() => setStatus.mutate({ userId: account.id, isActive: true })}
              aria-label={`Enable ${account.full_name}`}
            >
              Enable
            </Button>
          )}
          {!isMe && <ResetPasswordAction account={account} />}
          {setStatus.error && !confirming && <ErrorMessage error={setStatus.error} />}
          <ConfirmDialog
            isOpen={confirming}
            onClose={() => {
              setConfirming(false);
              setStatus.reset();
            }}
            onConfirm={() =>
              setStatus.mutate({ userId: account.id, isActive: false }, { onSuccess: () => setConfirming(false) })
            }
            title={`Disable ${account.full_name}?`}
            confirmLabel="Disable account"
            isPending={setStatus.isPending}
            error={setStatus.error}
          >
            <p>
              They can no longer sign in, and any open session ends at once. Their records are kept; you can enable the
              account again later.
            </p>
          </ConfirmDialog>
        </div>
      </td>
    </tr>
  );
}

/** An account whose owner cannot sign in (a forgotten password, or none after the upgrade from
 * the old app) gets a temporary password, shown here once; they must change it at sign-in. */
function ResetPasswordAction({ account }: { account: UserRead }) {
  const reset = useResetPassword();
  const [confirming, setConfirming] = useState(false);
  const close = () => {
    setConfirming(false);
    reset.reset();
  };
  return (
    <>
      <Button
        size="small"
        onPress={() => setConfirming(true)}
        aria-label={`Reset the password of ${account.full_name}`}
      >
        Reset password
      </Button>
      <ConfirmDialog
        isOpen={confirming && !reset.data}
        onClose={close}
        onConfirm={() => reset.mutate(account.id)}
        title={`Reset the password of ${account.full_name}?`}
        confirmLabel="Reset password"
        isPending={reset.isPending}
        error={reset.error}
      >
        <p>
          Their current password stops working and every open session ends at once. You will see a temporary password to
          give them; at their next sign-in they must choose a new one.
        </p>
      </ConfirmDialog>
      <Modal isOpen={Boolean(reset.data)} onClose={close} title={`Temporary password for ${account.full_name}`}>
        <p>
          Give it to {account.full_name} in person or by phone. It is shown only this once: it is not stored anywhere
          you can read it again.
        </p>
        <p>
          <code aria-label="Temporary password" style={{ fontSize: "1.25rem", userSelect: "all" }}>
            {reset.data?.temporary_password}
          </code>
        </p>
        <p className="muted">
          When they sign in as “{account.username}” with it, they must choose a new password first.
        </p>
        <div className="form-actions">
          <Button variant="primary" onPress={close} autoFocus>
            Done
          </Button>
        </div>
      </Modal>
    </>
  );
}

function CreateDoctorDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (doctor: UserRead) => void }) {
  const create = useCreateDoctor();
  const form = useForm<DoctorValues>({
    resolver: zodResolver(doctorSchema),
    defaultValues: { username: "", password: "", full_name: "", email: "", phone: "" },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    const { email, phone, ...required } = values;
    try {
      onCreated(await create.mutateAsync({ ...required, ...withoutEmpty({ email, phone }) }));
    } catch (error) {
      applyServerErrors(form, fieldErrors(error));
    }
  });
  return (
    <Modal isOpen onClose={onClose} title="Create a doctor account">
      {create.error && (
        <ErrorMessage error={create.error} title="The account was not created. Your entries are still here." />
      )}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
      >
        <div className="form-grid">
          <FormTextField control={form.control} name="full_name" label="Full name" className="span-all" autoFocus />
          <FormTextField control={form.control} name="username" label="Username" className="span-all" />
          <div className="span-all">
            <PasswordField
              control={form.control}
              name="password"
              label="Initial password"
              autoComplete="new-password"
              description="Give it to the doctor in person; they can change it after signing in."
            />
          </div>
          <FormTextField control={form.control} name="email" label="Email" type="email" optional />
          <FormTextField control={form.control} name="phone" label="Phone" type="tel" optional />
        </div>
        <div className="form-actions">
          <Button onPress={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" isPending={create.isPending}>
            Create account
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
