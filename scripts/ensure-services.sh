#!/usr/bin/env bash
# Make sure the services the test suite talks to are running on this machine:
#   postgres  PostgreSQL on 127.0.0.1:5432 accepting the `postgres` user without a password
#   redis     Redis on 127.0.0.1:6379
# Already running: nothing is touched. Missing: installed from Debian's packages and started.
# PostgreSQL refuses to run as root, so its cluster is started as the `postgres` user.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  echo "ensure-services: nothing answers on 127.0.0.1:$1 after 30 s" >&2
  return 1
}

ensure_postgres() {
  if port_open 5432; then return 0; fi
  echo "ensure-services: PostgreSQL is not running; installing/starting it" >&2
  command -v pg_lsclusters >/dev/null || apt_install postgresql
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    as_root pg_createcluster "$version" main >/dev/null
  fi
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Tests connect as `postgres` over loopback without a password, as on the CI machines.
  if ! grep -q "^host all postgres 127.0.0.1/32 trust" "$hba"; then
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for_port 5432
}

ensure_redis() {
  if port_open 6379; then return 0; fi
  echo "ensure-services: Redis is not running; installing/starting it" >&2
  command -v redis-server >/dev/null || apt_install redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/telerehab-redis.log
  wait_for_port 6379
}

for service in "$@"; do
  case "$service" in
    postgres) ensure_postgres ;;
    redis) ensure_redis ;;
    *) echo "ensure-services: unknown service '$service'" >&2; exit 2 ;;
  esac
done
