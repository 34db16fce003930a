#!/bin/sh
# A throwaway PostgreSQL 15 cluster for one ctest run (the "pg" fixture in tests/CMakeLists.txt):
#   pg_cluster.sh start DIR   initdb into DIR/data, serve on a unix socket in DIR only (no TCP)
#   pg_cluster.sh stop DIR    stop it and remove DIR
# PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the
# unprivileged "postgres" user that Debian's postgresql-15 package creates. Authentication is
# "trust" on a socket in a directory only that user and root can enter.
set -eu
action=$1
dir=$2
bin=/usr/lib/postgresql/15/bin
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
  start)
    [ -x "$bin/initdb" ] || { echo "pg_cluster.sh: $bin/initdb missing: install postgresql-15 (tools/dev does)" >&2; exit 1; }
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    chmod 700 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # Test settings: no TCP, durability off (a test cluster is thrown away), room for parallel tests.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 64MB
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "pg_cluster.sh: PostgreSQL on $dir"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg_cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
