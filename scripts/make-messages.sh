#!/usr/bin/env bash
# Refresh the zh_Hans catalogues and compile them. Each app keeps its own catalogue in
# <app>/locale (its code and its templates); locale/ holds the project's templates and config.
# LOCALE_PATHS lists the app folders first, so one run from the root files every string under
# its own app. See docs/decisions/0002-translation-catalogues.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
for app in accounts audit cadets mentors rotations assessments attendance education support conduct careers office notifications; do
  mkdir -p "$app/locale"
done
"$PY" manage.py makemessages -l zh_Hans --no-obsolete --no-location -v0 \
  --ignore=.venv --ignore=.tools --ignore=tests --ignore=static --ignore=var --ignore=scripts
"$PY" manage.py compilemessages -v0 --ignore=.venv --ignore=.tools
