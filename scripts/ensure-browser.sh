#!/usr/bin/env bash
# Chromium (for the end-to-end tests, driven by Playwright) and ffmpeg (turns the test video
# into a fake camera feed), from Debian's packages when missing. A browser download by a test
# tool is impossible here: the tests drive the system's /usr/bin/chromium.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v node >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-browser: installing ${missing[*]}" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
