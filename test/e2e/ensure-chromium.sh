#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (browser downloads are not possible
# here). Installs it when missing and we may; otherwise says how.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the browser tests…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  echo "Installing Debian's chromium for the browser tests…" >&2
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Browser tests need Debian's Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
  exit 1
fi
