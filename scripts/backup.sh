#!/usr/bin/env bash
# make backup: dump the PostgreSQL database of DATABASE_URL to var/backups/ (custom format,
# compressed, restorable table by table). Prints the file's path.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
out_dir="${BACKUP_DIR:-var/backups}"
mkdir -p "$out_dir"
file="$out_dir/xuandiao-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file "$file" "$DATABASE_URL"
echo "$file"
