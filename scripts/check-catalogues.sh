#!/usr/bin/env bash
# Every zh_Hans catalogue is complete (no untranslated or fuzzy entry) and its committed .mo
# is the compiled form of its .po — the UI is Chinese by default, so a gap is a bug.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r po; do
  stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "incomplete catalogue $po: $stats"; status=1 ;;
  esac
  mo="${po%.po}.mo"
  if ! msgfmt -o - "$po" | cmp -s - "$mo"; then
    echo "stale or missing $mo: run 'make messages'"; status=1
  fi
done < <(find . -path ./.venv -prune -o -path ./.tools -prune -o -name django.po -path '*zh_Hans*' -print)
exit $status
