# Sourced by .ci/run: start a throwaway PostgreSQL server for the tests marked both_databases,
# export MATCHER_TEST_POSTGRES_URL, and stop it (removing its files) when the shell exits.
# Debian's server binaries: installed with apt-get when missing; run as the postgres user,
# which initdb requires (it refuses to run as root).

start_postgres() {
    local initdb
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$initdb" ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq postgresql >/dev/null
        initdb=$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
    fi
    PG_BIN=$(dirname "$initdb")
    id -u postgres >/dev/null 2>&1 || useradd --system --user-group --no-create-home postgres
    PG_DIR=$(mktemp -d /tmp/matcher-postgres.XXXXXX)
    chown postgres: "$PG_DIR"
    PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    trap stop_postgres EXIT
    runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # Two gunicorn servers of 2 x cores workers, each with a pool per worker, plus the tests.
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" \
        start >/dev/null
    runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres matcher_test
    export MATCHER_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/matcher_test"
    echo "PostgreSQL on port $PG_PORT for the tests ($PG_DIR)"
}

stop_postgres() {
    if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
    fi
    [ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
}
