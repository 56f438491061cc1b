#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster on 127.0.0.1:5432 and create the CI role and database (idempotent).
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$PGVER *main"; then $SUDO pg_createcluster "$PGVER" main; fi
CONF="/etc/postgresql/$PGVER/main/postgresql.conf"
$SUDO sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$CONF"
$SUDO sed -i "s/^#\?synchronous_commit.*/synchronous_commit = on/" "$CONF"
if ! pg_lsclusters -h | grep -q "^$PGVER *main *5432 *online"; then $SUDO pg_ctlcluster "$PGVER" main start; fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
as_pg "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='rouxing_ci'\" | grep -q 1 || psql -qc \"CREATE ROLE rouxing_ci LOGIN PASSWORD 'rouxing_ci' CREATEDB\""
# A second, unprivileged login: the application role of the separate-owner set-up (docs/security.md);
# tests/core/test_audit_pg_roles.py grants it INSERT/SELECT on the audit tables and proves the rest refused.
as_pg "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='rouxing_ci_app'\" | grep -q 1 || psql -qc \"CREATE ROLE rouxing_ci_app LOGIN PASSWORD 'rouxing_ci_app' NOCREATEDB NOCREATEROLE\""
as_pg "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='rouxing_ci'\" | grep -q 1 || createdb -O rouxing_ci rouxing_ci"
echo "PostgreSQL $PGVER ready on 127.0.0.1:5432 (database rouxing_ci)"
