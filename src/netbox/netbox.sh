#!/usr/bin/env bash
# One real NetBox on this machine for the NetBox test tier (*NetBoxTest): NetBox from PyPI in a cached venv, a
# private PostgreSQL cluster and a Redis, all on loopback ports, run as plain processes (no Docker, no systemd).
#
#   netbox.sh python          # prints the Python >= 3.12 it would use; exit 3 (and says so) when there is none
#   netbox.sh start WORK      # start everything; WORK/netbox.env has NETBOX_URL and NETBOX_TOKEN (a v2 token of
#                             # the superuser `admin`); prints the URL
#   netbox.sh stop WORK       # stop what start started (by PID), remove the database copy; idempotent, safe after a
#                             # failed start
#   netbox.sh stop-server WORK / start-server WORK
#                             # stop or start only NetBox's web server (same port, same database): "NetBox down"
#
# Slow once, cached after (in ${XDG_CACHE_HOME:-~/.cache}/ipam-operator/netbox/, or $IPAM_NETBOX_CACHE):
# - venv-<netbox>-py<x.y>: `pip install netbox==<version>` (about a minute with a warm pip cache);
# - pgdata-<netbox>-pg<major>: a stopped PostgreSQL data directory holding NetBox's migrated, empty database and
#   the superuser (`netbox migrate` runs 336 migrations: minutes). Each start copies it, so a start takes seconds
#   and every start is empty.
# PostgreSQL refuses to run as root: as root it runs as the `postgres` user (setpriv), elsewhere as the caller.
# Needs: Python >= 3.12 with venv, PostgreSQL's server binaries (initdb, postgres; Debian's postgresql), redis-server,
# curl, flock. Nothing is installed here (.ci/run installs the Debian packages).
set -euo pipefail
NETBOX_VERSION="${IPAM_NETBOX_VERSION:-4.7.3}"
cmd="${1:?usage: netbox.sh python|start|stop|stop-server|start-server [WORK]}"

log() { echo "[netbox] $(date -u +%H:%M:%S) $*" >&2; }
fail() { log "$*"; exit 1; }

find_python() { # the first Python >= 3.12 that runs (pyenv's shims print an error and fail for a version not selected)
  local c candidates=()
  [ -n "${NETBOX_PYTHON:-}" ] && candidates+=("$NETBOX_PYTHON")
  candidates+=(python3.13 python3.12 python3)
  for c in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python3 2>/dev/null | sort -rV); do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 &&
      "$c" -c 'import sys, venv, ssl; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$c"
      return 0
    fi
  done
  return 1
}

if [ "$cmd" = python ]; then
  find_python || { echo "netbox.sh: no Python >= 3.12 (with venv and ssl) found: NetBox $NETBOX_VERSION needs one" >&2; exit 3; }
  exit 0
fi

W="$(mkdir -p "${2:?usage: netbox.sh $cmd WORK}" && cd "$2" && pwd)"
[ "$W" != / ] || fail "the work dir cannot be /"
LOGS="$W/logs"
CACHE="${IPAM_NETBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipam-operator/netbox}"

pg_bin() {
  local d
  for d in "${NETBOX_PG_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV) "$(dirname "$(command -v initdb 2>/dev/null || echo /x/x)")"; do
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }
  done
  return 1
}

# PostgreSQL's programs run as `postgres` when we are root (they refuse root), else as ourselves; a command prefix
# (not a function) so that setsid can run it.
if [ "$(id -u)" = 0 ]; then AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups env HOME=/tmp); else AS_PG=(env); fi

free_port() { # a port that is free now, below the ephemeral range (a listener there may find its port taken)
  "$PY" - <<'EOF'
import random, socket
for _ in range(200):
    p = random.randint(20000, 32000)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        s.close()
else:
    raise SystemExit("no free port")
EOF
}

start_bg() { # name command...: in its own session, output to logs/<name>.log, PID to <name>.pid
  local name="$1"; shift
  setsid "$@" > "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$W/$name.pid"
}

alive() { local pid; pid="$(cat "$W/$1.pid" 2>/dev/null)" && running "$pid"; }

wait_for() { # seconds description command...: poll every 0.25 s
  local deadline=$((SECONDS + $1)) what="$2"; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what not within $1 s; logs in $LOGS"
    sleep 0.25
  done
}

running() { # pid: alive and not a zombie (our processes outlive the shell that started them; init reaps them late)
  kill -0 "$1" 2>/dev/null && [ "$(sed -n 's/^[0-9]* (.*) \([A-Z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

stop_pid() { # name [signal]: the signal (TERM) to the process (it stops its children), up to 30 s, then KILL to
  # its whole process group (start_bg made it a session leader)
  local pid
  pid="$(cat "$W/$1.pid" 2>/dev/null)" || return 0
  if running "$pid"; then
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do running "$pid" || break; sleep 0.25; done
    if running "$pid"; then
      kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do running "$pid" || break; sleep 0.25; done
    fi
  fi
  rm -f "$W/$1.pid"
}

# --- the venv ----------------------------------------------------------------------------------------------------
venv() { # creates (once, under a lock) and prints the venv holding NetBox
  local v
  v="$CACHE/venv-$NETBOX_VERSION-py$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  if [ ! -f "$v/.complete" ]; then
    mkdir -p "$CACHE"
    exec 8> "$CACHE/.venv.lock"; flock 8
    if [ ! -f "$v/.complete" ]; then
      log "installing NetBox $NETBOX_VERSION from PyPI into $v (once; about a minute or two)"
      rm -rf "$v"
      "$PY" -m venv "$v"
      "$v/bin/pip" install -q --disable-pip-version-check "netbox==$NETBOX_VERSION" > "$LOGS/pip.log" 2>&1 ||
        fail "pip install netbox==$NETBOX_VERSION failed: $LOGS/pip.log"
      touch "$v/.complete"
    fi
    flock -u 8; exec 8>&-
  fi
  echo "$v"
}

# --- configuration -----------------------------------------------------------------------------------------------
write_config() { # WORK/root/conf/configuration.py (NETBOX_ROOT=WORK/root) from WORK/ports and WORK/secrets
  # shellcheck disable=SC1091
  . "$W/ports"; . "$W/secrets"
  mkdir -p "$W/root/conf" "$W/root/media" "$W/root/reports" "$W/root/scripts"
  : > "$W/root/conf/__init__.py"
  (umask 077; cat > "$W/root/conf/configuration.py" <<EOF
# Written by src/netbox/netbox.sh for a test NetBox on loopback; regenerated on every start.
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'netbox', 'USER': 'netbox',
                         'PASSWORD': '$DB_PASSWORD', 'HOST': '127.0.0.1', 'PORT': $PG_PORT, 'CONN_MAX_AGE': 300}}
REDIS = {'tasks': {'HOST': '127.0.0.1', 'PORT': $REDIS_PORT, 'DATABASE': 0, 'SSL': False},
         'caching': {'HOST': '127.0.0.1', 'PORT': $REDIS_PORT, 'DATABASE': 1, 'SSL': False}}
SECRET_KEY = '$SECRET_KEY'
API_TOKEN_PEPPERS = {1: '$PEPPER'}
CENSUS_REPORTING_ENABLED = False
RELEASE_CHECK_URL = None
MAX_PAGE_SIZE = 1000
LOGGING = {'version': 1, 'disable_existing_loggers': False,
           'handlers': {'console': {'class': 'logging.StreamHandler'}},
           'root': {'handlers': ['console'], 'level': 'WARNING'}}
EOF
  )
}

new_secrets() { # a SECRET_KEY and a token pepper for this start, and the database password of the cached cluster
  local db_password="$1"
  (umask 077; "$PY" - "$db_password" > "$W/secrets" <<'EOF'
import secrets, string, sys
alphabet = string.ascii_letters + string.digits + "-_+=!@%^&*()"
print("SECRET_KEY='%s'" % "".join(secrets.choice(alphabet) for _ in range(60)))
print("PEPPER='%s'" % "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(64)))
print("DB_PASSWORD='%s'" % sys.argv[1])
EOF
  )
}

netbox_cmd() { NETBOX_ROOT="$W/root" "$VENV/bin/netbox" "$@"; }

start_postgres() { # PGDATA: on the port of WORK/ports, TCP on 127.0.0.1 only, no Unix socket
  # shellcheck disable=SC1091
  . "$W/ports"
  start_bg postgres "${AS_PG[@]}" "$PG/postgres" -D "$1" -p "$PG_PORT" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off
  wait_for 60 "PostgreSQL" "$PG/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

start_redis() {
  # shellcheck disable=SC1091
  . "$W/ports"
  mkdir -p "$W/redis"
  start_bg redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$W/redis" \
    --daemonize no
  wait_for 30 "Redis" bash -c "exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT"
}

pg_dir_for() { # a directory the PostgreSQL user can reach: WORK itself, or one under /tmp when it cannot (WORK in /root)
  if [ "$(id -u)" != 0 ] || "${AS_PG[@]}" test -x "$W"; then
    echo "$W/pgdata"
  else
    mktemp -d "${TMPDIR:-/tmp}/ipam-netbox-pgdata.XXXXXX"
  fi
}

# The cached cluster: initdb, migrate, superuser, stopped cleanly, then copied into the cache (by root when root).
build_db_cache() {
  local target="$1" tmp pw
  log "building NetBox's migrated database (once per NetBox version; several minutes: 336 migrations)"
  local t0=$SECONDS
  tmp="$(pg_dir_for)"; rm -rf "$tmp"; mkdir -p "$tmp"
  echo "$tmp" > "$W/pgdata.dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$tmp"
  chmod 700 "$tmp"
  pw="$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
  printf '%s\n' "$pw" > "$W/db.pwfile"; [ "$(id -u)" = 0 ] && chown postgres "$W/db.pwfile"
  "${AS_PG[@]}" "$PG/initdb" -D "$tmp" -U netbox --pwfile="$W/db.pwfile" -A scram-sha-256 -E UTF8 --locale=C \
    > "$LOGS/initdb.log" 2>&1 || fail "initdb failed: $LOGS/initdb.log"
  rm -f "$W/db.pwfile"
  new_secrets "$pw"; write_config
  start_postgres "$tmp"
  PGPASSWORD="$pw" "$PG/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U netbox -d postgres -c 'CREATE DATABASE netbox' \
    > "$LOGS/createdb.log" 2>&1 || fail "CREATE DATABASE failed: $LOGS/createdb.log"
  netbox_cmd migrate --no-input > "$LOGS/migrate.log" 2>&1 || fail "netbox migrate failed: $LOGS/migrate.log"
  # The superuser every start makes a token for; its password is never used (no UI login in the tests).
  NETBOX_ROOT="$W/root" "$VENV/bin/python" - > "$LOGS/superuser.log" 2>&1 <<'EOF' || fail "creating the superuser failed: $LOGS/superuser.log"
import os, secrets
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netbox.settings")
import django
django.setup()
from users.models import User
User.objects.create_superuser("admin", "admin@example.invalid", secrets.token_urlsafe(24))
EOF
  stop_pid postgres INT
  rm -rf "$target.tmp"; mkdir -p "$(dirname "$target")"
  cp -a "$tmp" "$target.tmp"
  printf '%s\n' "$pw" > "$target.tmp/ipam-netbox-db-password"
  rm -f "$target.tmp/postmaster.pid" "$target.tmp/postmaster.opts"
  mv "$target.tmp" "$target"
  [ "$tmp" = "$W/pgdata" ] || rm -rf "$tmp"
  rm -f "$W/pgdata.dir"
  log "migrated database cached in $target ($((SECONDS - t0)) s)"
}

start_server() {
  # shellcheck disable=SC1091
  . "$W/ports"
  # gunicorn, as NetBox is deployed: 2 worker processes (one per core here) of 4 threads; --preload imports Django
  # once before forking the workers (a start takes half the time)
  local workers="${IPAM_NETBOX_WORKERS:-2}" threads="${IPAM_NETBOX_THREADS:-4}"
  start_bg netbox env NETBOX_ROOT="$W/root" "$VENV/bin/gunicorn" --bind "127.0.0.1:$NETBOX_PORT" \
    --workers "$workers" --threads "$threads" --preload --no-control-socket --timeout 120 --graceful-timeout 2 --access-logfile - netbox.wsgi
  wait_for 120 "NetBox's web server" http_answers "http://127.0.0.1:$NETBOX_PORT/api/status/"
}

http_answers() { # any HTTP answer (the API answers 403 without a token)
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1")" || true
  [ -n "$code" ] && [ "$code" != 000 ]
}

start() {
  stop >/dev/null 2>&1 || true
  mkdir -p "$LOGS"
  # a start that fails half-way stops what it started (the logs stay)
  STARTED=0
  trap '[ "$STARTED" = 1 ] || stop >/dev/null 2>&1 || true' EXIT
  local t0=$SECONDS
  PY="$(find_python)" || { echo "netbox.sh: no Python >= 3.12 (with venv and ssl) found: NetBox $NETBOX_VERSION needs one" >&2; exit 3; }
  PG="$(pg_bin)" || fail "PostgreSQL's server programs (initdb, postgres) not found: apt-get install postgresql"
  command -v redis-server >/dev/null || fail "redis-server not found: apt-get install redis-server"
  command -v curl >/dev/null || fail "curl not found"
  [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1 || fail "running as root needs the postgres user (apt-get install postgresql)"
  VENV="$(venv)"
  local major; major="$("$PG/postgres" --version | sed -n 's/.* \([0-9][0-9]*\)\..*/\1/p')"
  local cached="$CACHE/pgdata-$NETBOX_VERSION-pg$major"
  cat > "$W/ports" <<EOF
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
NETBOX_PORT=$(free_port)
EOF
  echo "VENV='$VENV'" > "$W/venv"
  start_redis
  if [ ! -f "$cached/PG_VERSION" ]; then
    exec 9> "$CACHE/.db.lock"; flock 9
    [ -f "$cached/PG_VERSION" ] || build_db_cache "$cached"
    flock -u 9; exec 9>&-
  fi
  local data; data="$(pg_dir_for)"; rm -rf "$data"
  echo "$data" > "$W/pgdata.dir"
  cp -a "$cached" "$data"   # as root, the copy keeps the postgres user's ownership
  new_secrets "$(cat "$data/ipam-netbox-db-password")"; write_config
  start_postgres "$data"
  start_server
  # A v2 token for the superuser (shown only once, at creation: made anew on every start).
  local token
  token="$(NETBOX_ROOT="$W/root" "$VENV/bin/python" - 2> "$LOGS/token.log" <<'EOF'
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netbox.settings")
import django
django.setup()
from users.models import Token, User
t = Token(user=User.objects.get(username="admin"), description="ipam-operator tests (netbox.sh)")
t.full_clean()
t.save()
print("nbt_%s.%s" % (t.key, t.token))
EOF
  )" || fail "creating the API token failed: $LOGS/token.log"
  # shellcheck disable=SC1091
  . "$W/ports"
  (umask 077; printf 'NETBOX_URL=http://127.0.0.1:%s\nNETBOX_TOKEN=%s\n' "$NETBOX_PORT" "$token" > "$W/netbox.env")
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$NETBOX_PORT/api/status/" ||
    fail "NetBox does not accept the token it made; logs in $LOGS"
  STARTED=1
  log "NetBox $NETBOX_VERSION ready at http://127.0.0.1:$NETBOX_PORT in $((SECONDS - t0)) s (token in $W/netbox.env)"
  echo "http://127.0.0.1:$NETBOX_PORT"
}

stop() {
  stop_pid netbox
  stop_pid redis
  stop_pid postgres INT   # PostgreSQL's fast shutdown
  local data
  data="$(cat "$W/pgdata.dir" 2>/dev/null)" || data=""
  if [ -n "$data" ] && [ -f "$data/PG_VERSION" ]; then rm -rf "$data"; fi
  rm -f "$W/pgdata.dir" "$W/netbox.env" "$W/secrets" "$W/db.pwfile"
  rm -rf "$W/redis"
}

case "$cmd" in
  start) start ;;
  stop) stop; log "stopped (work dir $W)" ;;
  stop-server) stop_pid netbox; log "web server stopped" ;;
  start-server)
    alive netbox && fail "the web server is running already"
    [ -f "$W/venv" ] || fail "not started: netbox.sh start $W first"
    # shellcheck disable=SC1091
    . "$W/venv"
    mkdir -p "$LOGS"; mv -f "$LOGS/netbox.log" "$LOGS/netbox.log.$(date +%s)" 2>/dev/null || true
    start_server; log "web server started" ;;
  *) echo "usage: netbox.sh python|start|stop|stop-server|start-server [WORK]" >&2; exit 2 ;;
esac
