#!/usr/bin/env bash
# nginx, the reverse proxy the scale-out test (backend/tests/test_scale_out.py) runs in front of
# two app servers, from Debian's packages when missing. The test starts nginx itself (its own
# configuration, a temporary directory, a free port); the package's own server on port 80 is kept
# from starting while it installs.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Debian installs it in /usr/sbin, which a normal user's PATH may lack.
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then exit 0; fi
echo "ensure-proxy: installing nginx" >&2
# Debian's way to keep a package's service stopped: a policy-rc.d that denies starting it
# (container images often have one already; then it stays as it is).
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
  trap 'as_root rm -f "$policy"' EXIT
fi
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends nginx >/dev/null
