import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Form } from "react-aria-components";
import { Link, Navigate, useLocation, useNavigate } from "react-router";

import type { User } from "../api/session";
import { homePathFor, isPathForRole } from "../layout/navigation";
import { Button } from "../ui/Button";
import { ErrorMessage, Notice } from "../ui/Feedback";
import { FormTextField } from "../ui/formFields";
import { AuthLayout } from "./AuthLayout";
import { useAuth } from "./AuthProvider";
import { PasswordField } from "./PasswordField";
import { type LoginValues, loginSchema } from "./schemas";

interface LoginState {
  from?: string;
  registered?: boolean;
  passwordChanged?: boolean;
}

export function LoginScreen() {
  const { status, user, signIn, signOutReason } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const [error, setError] = useState<unknown>(null);
  const form = useForm<LoginValues>({
    resolver: zodResolver(loginSchema),
    defaultValues: { username: "", password: "" },
  });

  const destination = (role: User["role"]) =>
    state.from && isPathForRole(state.from, role) ? state.from : homePathFor(role);

  if (status === "signed-in" && user && !form.formState.isSubmitting) {
    return <Navigate to={destination(user.role)} replace />;
  }

  const onSubmit = form.handleSubmit(async ({ username, password }) => {
    setError(null);
    try {
      const signedIn = await signIn(username, password);
      void navigate(destination(signedIn.role), { replace: true });
    } catch (caught) {
      setError(caught);
      form.resetField("password");
      form.setFocus("password");
    }
  });

  return (
    <LoginView
      error={error}
      notice={
        state.registered
          ? "Your account is ready. Sign in with your new username and password."
          : state.passwordChanged
            ? "Your password was changed. Sign in with the new one."
            : signOutReason === "expired"
              ? "Your session has ended. Please sign in again."
              : undefined
      }
      form={form}
      onSubmit={() => void onSubmit()}
    />
  );
}

/** The form alone (tested without a server). */
export function LoginView({
  form,
  onSubmit,
  error,
  notice,
}: {
  form: ReturnType<typeof useForm<LoginValues>>;
  onSubmit: () => void;
  error: unknown;
  notice?: string;
}) {
  return (
    <AuthLayout title="Sign in">
      {notice && <Notice tone="info">{notice}</Notice>}
      {Boolean(error) && <ErrorMessage error={error} title="You are not signed in." />}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
        validationBehavior="aria"
      >
        <FormTextField control={form.control} name="username" label="Username" autoComplete="username" autoFocus />
        <PasswordField control={form.control} name="password" label="Password" autoComplete="current-password" />
        <Button type="submit" variant="primary" size="large" isPending={form.formState.isSubmitting}>
          Sign in
        </Button>
      </Form>
      <p className="auth-footer">
        New patient? <Link to="/register">Create an account</Link>
      </p>
    </AuthLayout>
  );
}
