#!/usr/bin/env bash
# Run a command again whenever it exits, so that `make run` (honcho, which stops every process
# when one exits) keeps the product running through an outage of PostgreSQL or Redis that made
# one process give up. Waits a little longer after each quick exit (at most 30 s), and stops
# when it is told to (honcho's SIGTERM/SIGINT on Ctrl-C).
set -u
child=0
stop() {
  trap - TERM INT
  if [ "$child" -ne 0 ]; then kill -TERM "$child" 2>/dev/null; wait "$child"; fi
  exit 0
}
trap stop TERM INT
wait_s=1
while true; do
  started=$(date +%s)
  "$@" &
  child=$!
  wait "$child"
  status=$?
  child=0
  if [ $(( $(date +%s) - started )) -gt 60 ]; then wait_s=1; fi
  echo "keep-running: '$1' exited with status $status; starting it again in ${wait_s}s" >&2
  sleep "$wait_s"
  wait_s=$(( wait_s * 2 > 30 ? 30 : wait_s * 2 ))
done
