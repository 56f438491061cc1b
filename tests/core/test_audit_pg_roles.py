"""PostgreSQL separate-owner set-up: the application role (granted by `rouxing pg-grants`) may append to
the audit log and read it, and is refused UPDATE, DELETE, TRUNCATE, DROP TRIGGER and DISABLE TRIGGER.

Needs the unprivileged login `rouxing_ci_app` that .ci/start-postgres.sh creates; skipped elsewhere.
"""

from __future__ import annotations

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from rouxing.core.audit import audit_record, audit_verify
from rouxing.core.models import AuditEvent

APP_ROLE = "rouxing_ci_app"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles"),
]


def _connect(user: str, password: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"],
                           user=user, password=password, autocommit=True)


@pytest.fixture
def app_conn():
    try:
        probe = _connect(APP_ROLE, APP_ROLE)
    except psycopg.OperationalError:
        pytest.skip(f"the PostgreSQL login {APP_ROLE} does not exist here (.ci/start-postgres.sh creates it)")
    call_command("pg_grants", APP_ROLE, execute=True)  # as the owner (the test connection's role)
    yield probe
    probe.close()


def test_pg_grants_prints_insert_select_only_for_the_audit_tables(capsys):
    call_command("pg_grants", "rouxing_app")
    out = capsys.readouterr().out
    assert "REVOKE UPDATE, DELETE, TRUNCATE ON public.core_auditevent FROM rouxing_app;" in out
    assert "REVOKE UPDATE, DELETE, TRUNCATE ON public.core_auditanchor FROM rouxing_app;" in out


def test_the_app_role_appends_and_reads_but_cannot_rewrite_the_audit_log(app_conn):
    row = audit_record(event="test.pg_roles")
    before = AuditEvent.objects.count()
    with app_conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_auditevent")
        assert cursor.fetchone()[0] == before
        # ordinary tables stay writable for the application
        cursor.execute("UPDATE core_auditchainhead SET count = count WHERE id = 1")
        refused = {
            "UPDATE core_auditevent SET result = 'failure'": "permission denied",
            "DELETE FROM core_auditevent": "permission denied",
            "TRUNCATE core_auditevent CASCADE": "permission denied",
            "DELETE FROM core_auditanchor": "permission denied",
            "DROP TRIGGER core_auditevent_append_only ON core_auditevent": "must be owner",
            "ALTER TABLE core_auditevent DISABLE TRIGGER USER": "must be owner",
            "DROP TABLE core_auditevent": "must be owner",
        }
        for statement, message in refused.items():
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=message):
                cursor.execute(statement)
    assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.get(pk=row.pk).result == "success"
    assert audit_verify().ok
