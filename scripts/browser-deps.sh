#!/usr/bin/env bash
# Installs the browser the preview test drives: Debian's `chromium`, launched by Playwright with
# `executable_path` (Playwright's own browser download is not reachable from CI or locked-down
# machines). Prints the path of the chromium executable on stdout when there is one.
# Already installed: nothing is installed. Without root (and no sudo) it only says what is missing
# and exits 0, so the browser test skips with its reason instead of the setup failing.
set -euo pipefail

find_chromium() {
  command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || true
}

executable="$(find_chromium)"
if [ -n "$executable" ]; then
  echo "$executable"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser-deps: please install Chromium (the package is usually called chromium)" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "browser-deps: chromium is missing; run as root: apt-get install chromium" >&2
  exit 0
fi
echo "browser-deps: installing chromium" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
  chromium fonts-dejavu-core >/dev/null

executable="$(find_chromium)"
if [ -z "$executable" ]; then
  echo "browser-deps: chromium was installed but no chromium executable is on PATH" >&2
  exit 1
fi
echo "$executable"
