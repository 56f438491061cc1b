"""Read replica routing (`DATABASE_REPLICA_URL`): the reports, dashboards and public portal read from a
streaming replica; every write, and anything read after a write, stays on the primary.

`core.middleware.ReplicaReadsMiddleware` turns replica reads on for GET/HEAD requests to the paths of
`ROUXING_REPLICA_PATHS`, unless the client wrote something in the last `ROUXING_REPLICA_STICKY_SECONDS`
(a short cookie set after every write request), so an officer never sees a page older than his own
change. Authentication, sessions, the audit log, the task queue and the accounts are always read from
the primary (their apps are in `PRIMARY_ONLY_APPS`), and so is every read inside a transaction.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.db import connections

_replica_reads: contextvars.ContextVar[bool] = contextvars.ContextVar("rouxing_replica_reads", default=False)

PRIMARY_ONLY_APPS = frozenset({
    "admin", "auth", "contenttypes", "sessions", "orgs", "core", "api", "axes", "otp_totp", "django_otp",
    "django_tasks_db",
})


@contextlib.contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads of report/portal data may go to the replica (when one is configured)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_alias() -> str | None:
    return getattr(settings, "ROUXING_REPLICA_ALIAS", None)


class ReplicaRouter:
    """Send reads to the replica only inside `replica_reads()`, outside transactions, for business apps."""

    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias is None or not _replica_reads.get():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        if connections["default"].in_atomic_block:
            return "default"
        return alias

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
