#!/usr/bin/env bash
# Installs, idempotently, the external checkers of the browser tests (tests/e2e/test_pages_a11y.py)
# into var/frontend-tools (git-ignored): axe-core (WCAG rules injected into each page) and the Nu
# HTML Checker (vnu.jar, run with Debian's Java). `WITH_LIGHTHOUSE=1` adds Lighthouse for
# `make bench-lighthouse`. The versions are pinned here; upgrade them here.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=var/frontend-tools
AXE_CORE=4.11.1
VNU_JAR=26.9.27
LIGHTHOUSE=13.5.0

if ! command -v java >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless npm >/dev/null
  else
    echo "Missing system packages: openjdk-17-jre-headless npm (run as root or install them)" >&2
    exit 1
  fi
fi

installed() {  # installed NAME VERSION: the package is in var/frontend-tools at that version
  local manifest="$TOOLS/node_modules/$1/package.json"
  [ -f "$manifest" ] && grep -q "\"version\": \"$2\"" "$manifest"
}

wanted=()
installed axe-core "$AXE_CORE" || wanted+=("axe-core@$AXE_CORE")
installed vnu-jar "$VNU_JAR" || wanted+=("vnu-jar@$VNU_JAR")
if [ "${WITH_LIGHTHOUSE:-0}" = 1 ]; then
  installed lighthouse "$LIGHTHOUSE" || wanted+=("lighthouse@$LIGHTHOUSE")
fi
if [ ${#wanted[@]} -gt 0 ]; then
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"private": true}' >"$TOOLS/package.json"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "${wanted[@]}"
fi
