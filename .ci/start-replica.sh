#!/usr/bin/env bash
# Start a streaming replica of the local PostgreSQL (127.0.0.1:5432) on 127.0.0.1:5433 (idempotent).
# Used by the read-replica test (tests/core/test_replica.py, ROUXING_TEST_REPLICA_URL).
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
as_pg "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='rouxing_repl'\" | grep -q 1 || psql -qc \"CREATE ROLE rouxing_repl LOGIN REPLICATION PASSWORD 'rouxing_repl'\""
DATA="/var/lib/postgresql/$PGVER/replica"
if ! pg_lsclusters -h | grep -q "^$PGVER *replica"; then
  $SUDO pg_createcluster "$PGVER" replica --port 5433 >/dev/null
  as_pg "rm -rf '$DATA' && PGPASSWORD=rouxing_repl pg_basebackup -h 127.0.0.1 -p 5432 -U rouxing_repl -D '$DATA' -R -X stream"
  $SUDO sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "/etc/postgresql/$PGVER/replica/postgresql.conf"
fi
if ! pg_lsclusters -h | grep -q "^$PGVER *replica *5433 *online"; then $SUDO pg_ctlcluster "$PGVER" replica start; fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5433 -q && break; sleep 1; done
as_pg "psql -p 5433 -qtAc 'SELECT pg_is_in_recovery()'" | grep -q t
echo "PostgreSQL $PGVER streaming replica ready on 127.0.0.1:5433"
