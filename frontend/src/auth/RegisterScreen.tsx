import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Form } from "react-aria-components";
import { useForm } from "react-hook-form";
import { Link, Navigate, useNavigate } from "react-router";

import { api, fieldErrors, unwrap } from "../api/client";
import { homePathFor } from "../layout/navigation";
import { Button } from "../ui/Button";
import { ErrorMessage } from "../ui/Feedback";
import { FormDateField, FormTextField } from "../ui/formFields";
import { AuthLayout } from "./AuthLayout";
import { useAuth } from "./AuthProvider";
import { PasswordField } from "./PasswordField";
import { deviceTimeZone, isKnownTimeZone, zoneLabel } from "../ui/timeZones";
import { MIN_PASSWORD_LENGTH, type RegisterValues, registerSchema, withoutEmpty } from "./schemas";
import { applyServerErrors } from "../ui/serverErrors";

function proposedZone(): { time_zone: string } {
  const zone = deviceTimeZone();
  return { time_zone: isKnownTimeZone(zone) ? zone : "UTC" };
}

export function RegisterScreen() {
  const { signIn, user } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const form = useForm<RegisterValues>({
    resolver: zodResolver(registerSchema),
    defaultValues: { username: "", password: "", full_name: "", email: "", phone: "", date_of_birth: "" },
  });

  if (user && !form.formState.isSubmitting && !form.formState.isSubmitSuccessful) {
    return <Navigate to={homePathFor(user.role)} replace />;
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const { date_of_birth, email, phone, ...required } = values;
      await unwrap(
        api.POST("/api/v1/auth/register", {
          // The device's zone is the account's first guess; the account screen changes it.
          body: { ...required, ...withoutEmpty({ date_of_birth, email, phone }), ...proposedZone() },
        }),
      );
    } catch (caught) {
      setError(caught);
      applyServerErrors(form, fieldErrors(caught));
      return;
    }
    try {
      await signIn(values.username, values.password);
      void navigate("/today", { replace: true });
    } catch {
      void navigate("/login", { replace: true, state: { registered: true } });
    }
  });

  return (
    <AuthLayout title="Create your patient account" wide>
      <p className="muted">Your physiotherapist will see your exercises once the clinic links your account to them.</p>
      <p className="muted small">
        Your days will count in {zoneLabel(deviceTimeZone())}, this device's time zone; you can change it on your
        account screen.
      </p>
      {Boolean(error) && <ErrorMessage error={error} title="Your account was not created." />}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
        validationBehavior="aria"
      >
        <div className="form-grid">
          <FormTextField control={form.control} name="full_name" label="Full name" autoComplete="name" />
          <FormTextField
            control={form.control}
            name="username"
            label="Username"
            autoComplete="username"
            description="You sign in with it: letters, digits, dots or dashes."
          />
          <div className="span-all">
            <PasswordField
              control={form.control}
              name="password"
              label="Password"
              autoComplete="new-password"
              description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            />
          </div>
          <FormTextField control={form.control} name="email" label="Email" type="email" autoComplete="email" optional />
          <FormTextField control={form.control} name="phone" label="Phone" type="tel" autoComplete="tel" optional />
          <FormDateField control={form.control} name="date_of_birth" label="Date of birth" allow="past" optional />
        </div>
        <Button type="submit" variant="primary" size="large" isPending={form.formState.isSubmitting}>
          Create account
        </Button>
      </Form>
      <p className="auth-footer">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
