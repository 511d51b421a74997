#!/usr/bin/env bash
# Start Debian's PostgreSQL, create a throwaway role and database, run the suite against it.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
cluster_ok() { pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1==v && $2=="main"' | grep -q .; }
cluster_ok || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 && break
    sleep 1
done
port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
db="libnet_ci_$$"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
as_postgres "psql -q -p $port -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='libnet_ci') THEN CREATE ROLE libnet_ci LOGIN CREATEDB PASSWORD 'libnet_ci'; END IF; END\\\$\\\$;\""
as_postgres "createdb -p $port -O libnet_ci $db"
cleanup() {
    as_postgres "dropdb -p $port --if-exists $db" || true
    as_postgres "dropdb -p $port --if-exists test_$db" || true
}
trap cleanup EXIT
export DATABASE_URL="postgres://libnet_ci:libnet_ci@127.0.0.1:$port/$db"
echo "== PostgreSQL $version pass ($db) =="
"$@"
