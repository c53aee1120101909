#!/usr/bin/env bash
# Installs the real parts the tests run, once per machine: headless Chromium (Debian package,
# needs root and takes about two minutes the first time) and, from npm, Azurite and the
# Adaptive Cards renderer with markdown-it (into tools/real-parts/node_modules). `make test`
# calls this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package) for the page and card tests..."
  if [ "$(id -u)" != 0 ]; then
    echo "chromium is missing and this is not root: install the Debian package 'chromium'" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

parts="$here/real-parts"
if [ ! -x "$parts/node_modules/.bin/azurite-blob" ] \
  || [ ! -f "$parts/node_modules/adaptivecards/dist/adaptivecards.min.js" ] \
  || [ ! -f "$parts/node_modules/markdown-it/dist/browser/markdown-it.umd.min.js" ]; then
  echo "installing azurite, adaptivecards and markdown-it (npm) into tools/real-parts..."
  (cd "$parts" && npm install --silent --no-progress >/dev/null)
fi
