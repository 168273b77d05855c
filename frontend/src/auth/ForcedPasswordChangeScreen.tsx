// After an admin reset the password, the account may do nothing else until it chooses a new one
// (the API answers 403 everywhere else): this screen stands in front of the whole app.
import { useState } from "react";

import { useAuth, useCurrentUser } from "./AuthProvider";
import { AuthLayout } from "./AuthLayout";
import { PasswordChangeForm } from "./AccountScreen";
import { Button } from "../ui/Button";
import { ErrorMessage, Notice } from "../ui/Feedback";

export function ForcedPasswordChangeScreen() {
  const user = useCurrentUser();
  const { signIn, signOut } = useAuth();
  const [signInError, setSignInError] = useState<unknown>(null);
  return (
    <AuthLayout title="Choose a new password">
      <Notice tone="info">
        Your password was reset by your clinic. Choose a new one that only you know before you continue.
      </Notice>
      {Boolean(signInError) && (
        <ErrorMessage error={signInError} title="Your password was changed, but you are not signed in." />
      )}
      <PasswordChangeForm
        currentLabel="Temporary password"
        submitLabel="Save new password"
        // The change ends every session, this one too: sign straight back in with the new password.
        onChanged={({ new_password }) => signIn(user.username, new_password).catch(setSignInError)}
      />
      <p className="auth-footer">
        <Button variant="quiet" onPress={() => void signOut()}>
          Sign out
        </Button>
      </p>
    </AuthLayout>
  );
}
