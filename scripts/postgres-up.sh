#!/usr/bin/env bash
# Installs (apt-get) and starts the machine's PostgreSQL cluster, with room for the test suites'
# connections, a superuser role dancu (password dancu) and a database dancu_test: what the contract tests,
# the crash test and the restore drill use. Prints nothing when all of it is there already.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -s postgresql >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q postgresql
fi
cluster_start() {
  service postgresql "$1" || pg_ctlcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main "$1"
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && return 0; sleep 1; done
  echo "FAILED: PostgreSQL did not start" >&2
  return 1
}
pg_isready -h 127.0.0.1 -q || cluster_start start
# The test suites run in parallel, each test on a database of its own: room for their connections.
if [ "$(su postgres -c "psql -tAc 'SHOW max_connections'")" -lt 300 ]; then
  su postgres -c "psql -qc 'ALTER SYSTEM SET max_connections = 300'"
  cluster_start restart
fi
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='dancu'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE USER dancu PASSWORD 'dancu' SUPERUSER\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='dancu_test'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'CREATE DATABASE dancu_test OWNER dancu'"
