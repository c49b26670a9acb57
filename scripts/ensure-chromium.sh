#!/bin/sh
# The console's browser test drives Debian's Chromium. Installed here when missing and when we may
# (root with apt-get, as on CI); otherwise the test itself fails and says how to install it.
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the console's browser test (apt-get install -y chromium)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
else
  echo "Chromium is missing: the console's browser test will fail. Install it with: sudo apt-get install -y chromium" >&2
fi
exit 0
