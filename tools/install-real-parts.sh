#!/usr/bin/env bash
# Installs the real parts the tests run, once per machine: headless Chromium, nginx and the
# PostgreSQL server (Debian packages, need root; Chromium takes about two minutes the first
# time) and, from npm, Azurite
# and the Adaptive Cards renderer with markdown-it (into tools/real-parts/node_modules).
# `make test` calls this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# debian_package COMMAND PACKAGE PURPOSE [DIRECTORY_GLOB]: installs PACKAGE unless COMMAND is
# on the PATH or in a directory matching DIRECTORY_GLOB (for packages that keep their programs
# off the PATH).
debian_package() {
  if command -v "$1" >/dev/null 2>&1; then
    return
  fi
  if [ -n "${4:-}" ] && compgen -G "$4/$1" >/dev/null; then
    return
  fi
  echo "installing $2 (Debian package) for $3..."
  if [ "$(id -u)" != 0 ]; then
    echo "$1 is missing and this is not root: install the Debian package '$2'" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
debian_package chromium chromium "the page and card tests"
debian_package nginx nginx "the test of deploy/nginx/export.conf"
# Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<major>/bin; tests/postgres.py finds them
debian_package pg_ctl postgresql "the state store tests on PostgreSQL" "/usr/lib/postgresql/*/bin"

parts="$here/real-parts"
if [ ! -x "$parts/node_modules/.bin/azurite-blob" ] \
  || [ ! -f "$parts/node_modules/adaptivecards/dist/adaptivecards.min.js" ] \
  || [ ! -f "$parts/node_modules/markdown-it/dist/browser/markdown-it.umd.min.js" ]; then
  echo "installing azurite, adaptivecards and markdown-it (npm) into tools/real-parts..."
  # without a lock file npm asks the registry about every dependency; the cache answers first
  (cd "$parts" && npm install --silent --no-progress --prefer-offline >/dev/null)
fi
