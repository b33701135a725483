#!/usr/bin/env bash
# Installs Debian packages when the program they provide is missing (as root, with apt-get), or says what to
# install. Usage: ensure-debian-package.sh PROGRAM PACKAGE... (PROGRAM: a path, or a command on the PATH).
set -euo pipefail
program="$1"
shift
found() {
  if [[ "$program" == */* ]]; then [ -x "$program" ]; else command -v "$program" >/dev/null; fi
}
if found; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's $* (for $program)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  if found; then exit 0; fi
fi
echo "$program not found: install Debian's $* package(s)." >&2
exit 1
