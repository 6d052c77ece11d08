#!/usr/bin/env bash
# Several BlazorEs instances on one machine: a database, Redis and three instances of the published console, each on
# its own port (open any of them; a load balancer in front is optional). Debian packages only.
#
#   scripts/cluster-local.sh start     # PostgreSQL when the build has the provider (Database:Provider=PostgreSql), else one shared SQLite file
#   scripts/cluster-local.sh status    # GET /api/cluster on each instance (signed in as the bootstrap admin)
#   scripts/cluster-local.sh kill N    # kill -9 instance N (1-3): watch another take the projector lease within Cluster:LeaseTimeout
#   scripts/cluster-local.sh restart N # start instance N again
#   scripts/cluster-local.sh stop      # stop everything and keep the folder; "clean" also deletes it
#
# Environment: CLUSTER_DIR (default /tmp/blazores-cluster), DATABASE=postgres|sqlite, BASE_PORT (default 5101),
# LEASE_TIMEOUT (default 00:00:10), SEED=true|false (default true: the first projector seeds the demo history),
# ADMIN_USER (default admin) and ADMIN_PASSWORD (default: generated once, kept in $CLUSTER_DIR/admin-password): the
# instances run as Production, so there are no demo accounts; this admin (Auth:BootstrapAdmin) is how you sign in.
# One integrity signing key for every instance (Integrity:SigningKey, required outside Development): generated once
# into $CLUSTER_DIR/integrity.key unless INTEGRITY_KEY is given.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${CLUSTER_DIR:-/tmp/blazores-cluster}
BASE_PORT=${BASE_PORT:-5101}
REDIS_PORT=$((BASE_PORT + 100))
PG_PORT=$((BASE_PORT + 101))
LEASE_TIMEOUT=${LEASE_TIMEOUT:-00:00:10}
SEED=${SEED:-true}
mkdir -p "$DIR"
ADMIN_USER=${ADMIN_USER:-admin}
if [ -z "${ADMIN_PASSWORD:-}" ]; then
  # Identity's rules: 12+ characters with upper and lower case, a digit and a symbol.
  [ -f "$DIR/admin-password" ] || echo "Cluster-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')-A1!" >"$DIR/admin-password"
  ADMIN_PASSWORD=$(cat "$DIR/admin-password")
fi

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
  Auth__BootstrapAdmin__UserName="$ADMIN_USER" Auth__BootstrapAdmin__Password="$ADMIN_PASSWORD" Integrity__SigningKey="$INTEGRITY_KEY" \
    nohup dotnet "$DIR/app/BlazorEs.App.dll" --urls "http://127.0.0.1:$port" >"$DIR/node$n.log" 2>&1 &
  echo $! >"$DIR/node$n.pid"
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break; sleep 0.3; done
  echo "node$n: http://127.0.0.1:$port (log $DIR/node$n.log)"
}

token() { # PORT -> a bearer token for the bootstrap admin (POST /api/auth/login)
  curl -fs "http://127.0.0.1:$1/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"userName\":\"$ADMIN_USER\",\"password\":\"$ADMIN_PASSWORD\"}" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'
}

INTEGRITY_KEY=${INTEGRITY_KEY:-}
if [ -z "$INTEGRITY_KEY" ]; then
  [ -f "$DIR/integrity.key" ] || head -c 32 /dev/urandom | base64 >"$DIR/integrity.key"
  INTEGRITY_KEY=$(cat "$DIR/integrity.key")
fi

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
    echo "sign in on any instance (/account/login) as $ADMIN_USER with the password in $DIR/admin-password;"
    echo "the API takes a bearer token: POST /api/auth/login {\"userName\":\"$ADMIN_USER\",\"password\":\"...\"} (status does it)"
    ;;
  status)
    for n in 1 2 3; do
      port=$((BASE_PORT + n - 1))
      t=$(token "$port" 2>/dev/null) && [ -n "$t" ] && curl -fs -H "Authorization: Bearer $t" "http://127.0.0.1:$port/api/cluster" && echo || echo "node$n: down"
    done
    ;;
  kill)
    kill -9 "$(cat "$DIR/node$2.pid")" && echo "node$2 killed (kill -9)"
    ;;
  restart)
    IFS='|' read -r PROVIDER EVENTSTORE <"$DIR/database"
    start_instance "$2"
    ;;
  stop|clean)
    # The instances first (a clean stop hands the lease over and unsubscribes from Redis), then what they use.
    for n in 1 2 3; do [ -f "$DIR/node$n.pid" ] && kill "$(cat "$DIR/node$n.pid")" 2>/dev/null || true; done
    for n in 1 2 3; do
      [ -f "$DIR/node$n.pid" ] || continue
      for _ in $(seq 1 100); do kill -0 "$(cat "$DIR/node$n.pid")" 2>/dev/null || break; sleep 0.2; done
    done
    [ -f "$DIR/redis.pid" ] && kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    [ -d "$DIR/pg/data" ] && pg pg_ctl -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    [ "$1" = clean ] && rm -rf "$DIR"
    echo "stopped"
    ;;
  *) echo "usage: $0 start|status|kill N|restart N|stop|clean"; exit 2 ;;
esac
