"""The clinic's outgoing mail, over SMTP with the standard library (settings: ``SMTP_*``)."""

import smtplib
import ssl
from email.message import EmailMessage

from telerehab.config import ReminderSettings


def mail_configured(settings: ReminderSettings) -> bool:
    return bool(settings.smtp_host and settings.smtp_from)


def send_mail(settings: ReminderSettings, to: str, subject: str, body: str) -> None:
    """Send one plain-text message; raises ``OSError`` or ``smtplib.SMTPException`` on failure."""
    if not settings.smtp_host or not settings.smtp_from:
        raise ValueError("SMTP_HOST and SMTP_FROM are not set")
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    timeout = settings.smtp_timeout_seconds
    connection: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        context = ssl.create_default_context()
        connection = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout, context=context
        )
    else:
        connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    with connection:
        if settings.smtp_tls == "starttls":
            connection.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            connection.login(settings.smtp_user, password)
        connection.send_message(message)
