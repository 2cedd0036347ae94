#!/usr/bin/env bash
# make restore FILE=var/backups/….dump: restore a dump into the database of DATABASE_URL,
# replacing what is there. Stop web, worker and beat first.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to restore into}"
file="${1:?usage: restore.sh FILE}"
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --dbname "$DATABASE_URL" "$file"
echo "restored $file"
