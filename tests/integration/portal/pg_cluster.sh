#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for mynaportal's tests and bench: initdb in DIR, its own free
# port on 127.0.0.1 and its unix socket in DIR, trust authentication on loopback only (no other
# address is listened on), database and owner "mynaportal".
#   pg_cluster.sh start DIR   prints the URL (postgresql://mynaportal@127.0.0.1:PORT/mynaportal),
#                             also written to DIR/url
#   pg_cluster.sh stop DIR    stops it (fast shutdown) and removes DIR
# DIR must not exist or be empty. PostgreSQL refuses to run as root: as root the cluster runs as
# the unprivileged user "nobody", which then owns DIR; DIR's parents must let it through (a fresh
# `mktemp -d` in /tmp does: /tmp is world-searchable, the new directory is handed over).
# The programs come from /usr/lib/postgresql/15/bin (Debian's postgresql-15), never from PATH.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$2

as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u nobody --); fi

case "$action" in
  start)
    for program in initdb pg_ctl createdb; do
      [ -x "$PGBIN/$program" ] || {
        echo "$0: $PGBIN/$program not found: install postgresql-15 (scripts/install-deps.sh)" >&2
        exit 1
      }
    done
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || { echo "$0: $dir is not empty" >&2; exit 1; }
    dir=$(cd "$dir" && pwd)
    if [ ${#as_owner[@]} -gt 0 ]; then
      chown nobody: "$dir"
      chmod 0700 "$dir"
      "${as_owner[@]}" test -w "$dir" || {
        echo "$0: user nobody cannot reach $dir (a parent directory is closed to it)" >&2
        exit 1
      }
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_owner[@]}" "$PGBIN/initdb" -D "$dir/data" -U mynaportal --auth=trust --no-sync -E UTF8 \
      --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    # Loopback and the private socket only; the tests' instances and the bench's clients need
    # ~40 connections at most.
    "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
          -c max_connections=100 -c logging_collector=off" start > "$dir/pg_ctl.log" 2>&1 || {
      cat "$dir/pg_ctl.log" "$dir/server.log" >&2
      exit 1
    }
    "${as_owner[@]}" "$PGBIN/createdb" -h "$dir" -p "$port" -U mynaportal mynaportal
    url="postgresql://mynaportal@127.0.0.1:$port/mynaportal"
    echo "$url" > "$dir/url"
    echo "$url"
    ;;
  stop)
    [ -d "$dir/data" ] || { echo "$0: no cluster in $dir" >&2; exit 1; }
    "${as_owner[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop > /dev/null
    rm -rf "$dir"
    ;;
  *) usage ;;
esac
