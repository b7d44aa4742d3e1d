#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the cost-store tests and benchmarks.
#
#   scripts/test-postgres.sh start DIR   # initdb + start in DIR; prints the JDBC URL on stdout
#   scripts/test-postgres.sh stop DIR    # stops that cluster by its PID and deletes DIR
#
# Installs the Debian postgresql package when no initdb is found (as root, with apt-get).
# initdb refuses to run as root, so under root the cluster belongs to the 'postgres' user, and
# DIR's parent must let that user through (/tmp does; a `mktemp -d` directory does not).
set -euo pipefail

cmd="${1:?usage: $0 start|stop DIR}"
dir="${2:?usage: $0 start|stop DIR}"

find_bin() {
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v initdb)")" # the real bin dir, which also holds psql
    return
  fi
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then
    echo "$newest"
  fi
}

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
start)
  bin="$(find_bin)"
  if [[ -z "$bin" ]]; then
    echo "test-postgres: no initdb; installing the postgresql package" >&2
    if [[ "$(id -u)" != 0 ]]; then
      echo "test-postgres: not root, cannot apt-get install postgresql" >&2
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(find_bin)"
    [[ -n "$bin" ]] || { echo "test-postgres: postgresql installed but no initdb found" >&2; exit 1; }
  fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  mkdir -p "$dir"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync stays on: the kill-and-reingest test relies on commits being durable.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=50" start >"$dir/pg_ctl.log" 2>&1 \
    || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c 'CREATE DATABASE gpuas_test' >&2
  echo "jdbc:postgresql://127.0.0.1:$port/gpuas_test?user=postgres"
  ;;
stop)
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    pid="$(head -1 "$dir/data/postmaster.pid")"
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
