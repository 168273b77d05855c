"""Who may see what: the readable statements, credentials, accounts, the audit log, and the
rate-limited sign-in."""
