"""`flush` with the audit tables' append-only triggers suspended for the duration (restore, test teardown).

The triggers refuse DELETE/TRUNCATE on the audit tables; emptying the whole database is the one
operation that must pass them. It runs in one transaction, so the triggers are back whatever happens.
On PostgreSQL only the tables' owner may run it (the application role cannot drop the triggers), and
afterwards `audit-verify` reports the emptied log against the anchor file until a restore resets it.
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from rouxing.core.audit_db import installed_triggers, suspended_triggers


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if not installed_triggers(connection):
            return super().handle(**options)
        with transaction.atomic(using=connection.alias), suspended_triggers(connection):
            return super().handle(**options)
