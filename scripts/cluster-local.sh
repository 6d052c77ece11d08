#!/usr/bin/env bash
# Several BlazorEs instances on one machine: a database, Redis and three instances of the published console, each on
# its own port (open any of them; a load balancer in front is optional). Debian packages only.
#
#   scripts/cluster-local.sh start     # PostgreSQL when the build has the provider (Database:Provider=PostgreSql), else one shared SQLite file
#   scripts/cluster-local.sh status    # GET /api/cluster on each instance
#   scripts/cluster-local.sh kill N    # kill -9 instance N (1-3): watch another take the projector lease within Cluster:LeaseTimeout
#   scripts/cluster-local.sh restart N # start instance N again
#   scripts/cluster-local.sh stop      # stop everything and keep the folder; "clean" also deletes it
#
# Environment: CLUSTER_DIR (default /tmp/blazores-cluster), DATABASE=postgres|sqlite, BASE_PORT (default 5101),
# LEASE_TIMEOUT (default 00:00:10), SEED=true|false (default true: the first projector seeds the demo history).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${CLUSTER_DIR:-/tmp/blazores-cluster}
BASE_PORT=${BASE_PORT:-5101}
REDIS_PORT=$((BASE_PORT + 100))
PG_PORT=$((BASE_PORT + 101))
LEASE_TIMEOUT=${LEASE_TIMEOUT:-00:00:10}
SEED=${SEED:-true}
mkdir -p "$DIR"

has_postgres_provider() { grep -rqs "PostgreSql" Infrastructure/Persistence/DatabaseOptions.cs; }
DATABASE=${DATABASE:-$(has_postgres_provider && echo postgres || echo sqlite)}

install() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ "$DATABASE" = postgres ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "install ${missing[*]} (apt-get install -y ${missing[*]})"; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

pg() { # runs a PostgreSQL tool, as the postgres user when this is root (initdb refuses root)
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/$1" "${@:2}"; else "$bin/$1" "${@:2}"; fi
}

start_database() {
  if [ "$DATABASE" = postgres ]; then
    if [ ! -d "$DIR/pg/data" ]; then
      mkdir -p "$DIR/pg"; [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR/pg"
      pg initdb -D "$DIR/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    pg pg_ctl -D "$DIR/pg/data" -l "$DIR/pg/server.log" -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1" -w start >/dev/null
    EVENTSTORE="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=blazores"
    PROVIDER=PostgreSql
  else
    EVENTSTORE="Data Source=$DIR/blazores.db"
    PROVIDER=Sqlite
  fi
}

start_instance() { # N
  local n=$1 port=$((BASE_PORT + $1 - 1))
  ASPNETCORE_ENVIRONMENT=Production \
  Database__Provider=$PROVIDER ConnectionStrings__EventStore="$EVENTSTORE" ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
  Cluster__InstanceId="node$n" Cluster__LeaseTimeout="$LEASE_TIMEOUT" Seed__Enabled="$SEED" \
    nohup dotnet "$DIR/app/BlazorEs.App.dll" --urls "http://127.0.0.1:$port" >"$DIR/node$n.log" 2>&1 &
  echo $! >"$DIR/node$n.pid"
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/api/cluster" >/dev/null 2>&1 && break; sleep 0.3; done
  echo "node$n: http://127.0.0.1:$port (log $DIR/node$n.log)"
}

case "${1:-start}" in
  start)
    install
    echo "publishing the console to $DIR/app"
    dotnet publish App -c Release -o "$DIR/app" -v quiet -nologo >/dev/null
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$DIR" --save "" --appendonly no --daemonize yes --pidfile "$DIR/redis.pid" >/dev/null
    start_database
    echo "$PROVIDER|$EVENTSTORE" >"$DIR/database"
    for n in 1 2 3; do start_instance "$n"; sleep 1; done
    echo "database: $PROVIDER ($EVENTSTORE); redis: 127.0.0.1:$REDIS_PORT"
    ;;
  status)
    for n in 1 2 3; do curl -fs "http://127.0.0.1:$((BASE_PORT + n - 1))/api/cluster" && echo || echo "node$n: down"; done
    ;;
  kill)
    kill -9 "$(cat "$DIR/node$2.pid")" && echo "node$2 killed (kill -9)"
    ;;
  restart)
    IFS='|' read -r PROVIDER EVENTSTORE <"$DIR/database"
    start_instance "$2"
    ;;
  stop|clean)
    for n in 1 2 3; do [ -f "$DIR/node$n.pid" ] && kill "$(cat "$DIR/node$n.pid")" 2>/dev/null || true; done
    [ -f "$DIR/redis.pid" ] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    [ -d "$DIR/pg/data" ] && pg pg_ctl -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    [ "$1" = clean ] && rm -rf "$DIR"
    echo "stopped"
    ;;
  *) echo "usage: $0 start|status|kill N|restart N|stop|clean"; exit 2 ;;
esac
