"""Database triggers that make the audit tables append-only (UPDATE, DELETE and TRUNCATE refused).

Installed by migration core.0004 on SQLite and PostgreSQL. On PostgreSQL the tables are meant to be
owned by a separate role (docs/security.md): the application role then can neither drop nor disable
these triggers. `suspended_triggers()` is used only by the `flush` command (restore and test
teardown), which needs the table owner on PostgreSQL.
"""

from __future__ import annotations

from contextlib import contextmanager

PROTECTED_TABLES = ("core_auditevent", "core_auditanchor")
MESSAGE = "audit log is append-only"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} refused on {table}'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION rouxing_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % refused on %', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$
"""


def _pg_create(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION rouxing_audit_append_only()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION rouxing_audit_append_only()",
    ]


def install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [sql for table in PROTECTED_TABLES for sql in _sqlite_create(table)]
    if vendor == "postgresql":
        return [PG_FUNCTION, *(sql for table in PROTECTED_TABLES for sql in _pg_create(table))]
    return []


def remove_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [sql for table in PROTECTED_TABLES for sql in _sqlite_drop(table)]
    if vendor == "postgresql":
        return [sql for table in PROTECTED_TABLES
                for sql in (f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")]
    return []


def execute(connection, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def installed_triggers(connection) -> set[str]:
    """Names of the append-only triggers present (used by tests and `audit-verify`)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            return set()
        return {row[0] for row in cursor.fetchall()
                if any(str(row[0]).startswith(table) for table in PROTECTED_TABLES)}


@contextmanager
def suspended_triggers(connection):
    """Drop the triggers for the duration of a whole-database flush, then reinstall them.

    Run inside a transaction: on both databases DDL is transactional, so a failure reinstates them.
    On PostgreSQL only the tables' owner may do this; the application role cannot.
    """
    execute(connection, remove_sql(connection.vendor))
    yield  # on an error the caller's transaction rolls back, which reinstates the triggers
    execute(connection, install_sql(connection.vendor))
