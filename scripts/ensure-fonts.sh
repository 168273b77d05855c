#!/usr/bin/env bash
# The fonts the PDFs (home programme, progress report, monitoring report) draw with, from
# Debian's packages when missing: DejaVu Sans for Latin, Greek and Cyrillic names, Droid Sans
# Fallback for Chinese, Japanese and Korean ones. Without them a PDF prints "?" for a character
# outside Latin-1 (telerehab/exports/pdf.py), and the tests that read such a name back fail.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-fonts: installing ${missing[*]}" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
