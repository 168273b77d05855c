"""Running the clinic's installation: the ``telerehab`` command, migrations, backups, mail."""
