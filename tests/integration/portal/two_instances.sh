# Two mynaportal instances behind one PostgreSQL (a private cluster, pg_cluster.sh, stopped on
# exit after the portals) serving one public origin (tcp_switch.py, a load balancer whose next
# connection goes to the instance the test names). Sourced after lib.sh by postgres_test.sh and
# oidc_postgres_test.sh.
#   start_two_instances [ARGS...]   the world (start_world) with its portal as instance A, and
#                                   instance B: the same CA, the same pseudonym secret (instances
#                                   of one relying party share it, as they share the TLS key), its
#                                   own directory and port. ARGS go to both. Sets DB_URL, PUBLIC
#                                   (= ORIGIN), PORT_A, PORT_B, SHARED (what both were given).
#   via PORT                        the instance the next connections reach
#   sql QUERY                       psql's unaligned answer
TWO_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PSQL=/usr/lib/postgresql/15/bin/psql
# The cluster lives in /tmp (the unprivileged user it runs as must reach it).
PG_DIR=$(mktemp -d /tmp/mynaportal-pg.XXXXXX)
stop_all() {
  cleanup
  bash "$TWO_HERE/pg_cluster.sh" stop "$PG_DIR" > /dev/null 2>&1 || rm -rf "$PG_DIR"
}
trap stop_all EXIT

start_two_instances() {
  DB_URL=$(bash "$TWO_HERE/pg_cluster.sh" start "$PG_DIR") || fail "no PostgreSQL cluster"
  local switch_port
  switch_port=$(free_port)
  echo 0 > "$WORK/route"
  python3 "$TWO_HERE/tcp_switch.py" "$switch_port" "$WORK/route" > "$WORK/switch.log" 2>&1 &
  BACKGROUND+=($!)
  wait_for_line "$WORK/switch.log" 'listening'
  PUBLIC=https://127.0.0.1:$switch_port
  SHARED=(--db "$DB_URL" --public-origin "$PUBLIC" "$@")
  PORTAL_ARGS=("${SHARED[@]}")
  start_world
  [ "$ORIGIN" = "$PUBLIC" ] || fail "instance A serves $ORIGIN, not $PUBLIC"
  PORT_A=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])' < "$WORK/portal.log")
  mkdir -m 0700 "$WORK/portal-b"
  cp -p "$WORK/portal/secret.bin" "$WORK/portal-b/secret.bin"
  "$MYNAPORTAL" serve --ca "$CA" --data "$WORK/portal-b" --listen 127.0.0.1:0 --json \
    "${SHARED[@]}" > "$WORK/portal-b.log" 2> "$WORK/portal-b-err.log" &
  BACKGROUND+=($!)
  wait_for_line "$WORK/portal-b.log" '"listening"' 30
  PORT_B=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])' < "$WORK/portal-b.log")
}

via() { echo "$1" > "$WORK/route"; }
sql() { "$PSQL" "$DB_URL" -Atc "$1"; }
