"""PostgreSQL separate-owner set-up (三权分置 of the database): the owner role runs `migrate` and owns every
table; the application role gets only the rights it needs, and on the audit tables INSERT and SELECT
alone, so it can neither rewrite, delete nor truncate audit rows, nor drop or disable their triggers.
"""

from __future__ import annotations

import re

from .audit_db import PROTECTED_TABLES

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_grants(role: str, schema: str = "public") -> list[str]:
    """SQL for the owner to run after each migrate: grants for `role` (a plain PostgreSQL identifier)."""
    if not ROLE_NAME.match(role) or not ROLE_NAME.match(schema):
        raise ValueError(f"角色名或模式名不合法：{role!r}/{schema!r}（仅小写字母、数字、下划线）")
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {schema} FROM {role}",
    ]
    for table in PROTECTED_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.{table} FROM {role}")
    return statements
