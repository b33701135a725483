#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if ! bash "$(dirname "$0")/ensure-debian-package.sh" "$CHROMIUM" chromium fonts-liberation; then
  echo "Or set CHROMIUM_PATH to a Chromium of your own." >&2
  exit 1
fi
