import type { ReactNode } from "react";

import { useDocumentTitle } from "../ui/PageHeader";

export function BrandMark() {
  return (
    <span className="brand">
      <span className="brand-mark" aria-hidden="true">
        T
      </span>
      Telerehab
    </span>
  );
}

/** The calm card the signed-out screens sit in. */
export function AuthLayout({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <main className="auth-page">
      <div className={wide ? "auth-card auth-card--wide" : "auth-card"}>
        <BrandMark />
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
