# MongoDB wire-protocol server for tests: FerretDB v1 with its SQLite handler, embedded in a small Go
# main (main.go) built once with the Go toolchain; see README.md for what it does not support.
# Sourced by tools/infra/up.sh and down.sh (after lib.sh).
# shellcheck shell=bash

FERRET_HOME=$CACHE/ferretdb
FERRET_BIN_DIR=$FERRET_HOME/bin      # the built binary + .stamp (hash of main.go, go.mod, go.sum)
FERRET_BIN=$FERRET_BIN_DIR/ferretdb
FERRET_RUN=$FERRET_HOME/run          # pid file + SQLite data; wiped on every start and by down.sh
FERRET_LOG=$LOGS/ferretdb.log
FERRET_PATTERN="$FERRET_BIN -listen" # identifies our server process
FERRET_TIMEOUT=${INFRA_FERRETDB_TIMEOUT:-60}

# CI shells may not have Go on PATH; these machines install it at /usr/local/go.
go_cmd() {
  if command -v go >/dev/null; then echo go
  elif [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go
  else die "Go is not installed (needed to build FerretDB once; https://go.dev/dl/, or /usr/local/go/bin/go)"
  fi
}

ferretdb_running() {
  local pid url port
  pid=$(state_get MONGODB_PID); url=$(state_get MONGODB_URL)
  port=${url##*:}; port=${port%%/*}
  [[ -n $url ]] && pid_is "$pid" "$FERRET_PATTERN" && port_open "$port"
}

ferretdb_build() {
  local want go src=$INFRA_DIR/ferretdb
  want=$(inputs_hash "$src/main.go" "$src/go.mod" "$src/go.sum")
  if stamp_ok "$FERRET_BIN_DIR" "$want" && [[ -x $FERRET_BIN ]]; then log "ferretdb: build cached ($FERRET_BIN)"; return; fi
  go=$(go_cmd)
  log "ferretdb: building FerretDB with $($go version | cut -d' ' -f3) (first run only; a few minutes on a cold Go cache)…"
  rm -rf "$FERRET_BIN_DIR"; mkdir -p "$FERRET_BIN_DIR"
  local blog=$LOGS/ferretdb-build.log t=0 bpid
  # -mod=readonly: go.sum is the pinned dependency set; a build never rewrites it.
  (cd "$src" && exec "$go" build -mod=readonly -buildvcs=false -trimpath -o "$FERRET_BIN.tmp" .) >"$blog" 2>&1 &
  bpid=$!
  while kill -0 "$bpid" 2>/dev/null; do
    sleep 1; t=$((t + 1))
    ((t % 15 == 0)) && log "  ferretdb: go build still working (${t}s)…"
  done
  wait "$bpid" || { tail -n 30 "$blog" >&2; die "ferretdb: go build failed (full log: $blog)"; }
  mv "$FERRET_BIN.tmp" "$FERRET_BIN"
  echo "$want" >"$FERRET_BIN_DIR/.stamp"
  log "ferretdb: built in ${t}s"
}

ferretdb_start() {
  local port pid
  port=$(free_ports 1)
  rm -rf "$FERRET_RUN"; mkdir -p "$FERRET_RUN/data"
  log "ferretdb: starting on 127.0.0.1:$port (SQLite in $FERRET_RUN/data, log $FERRET_LOG)…"
  start_detached "$FERRET_RUN/pid" "$FERRET_LOG" \
    "$FERRET_BIN" -listen "127.0.0.1:$port" -data "$FERRET_RUN/data" -log-level error
  pid=$(<"$FERRET_RUN/pid")
  # Ready = the port accepts AND {ping: 1} over the wire protocol answers ok: 1.
  wait_ready ferretdb "$pid" "$FERRET_LOG" "$FERRET_TIMEOUT" python3 "$INFRA_DIR/probe.py" mongo-ping "$port"
  state_set "MONGODB_URL=mongodb://127.0.0.1:$port/" "MONGODB_PID=$pid"
  log "ferretdb: ready at mongodb://127.0.0.1:$port/ (pid $pid)"
}

ferretdb_up() {
  if ferretdb_running; then log "ferretdb: already running at $(state_get MONGODB_URL) (pid $(state_get MONGODB_PID))"; return; fi
  ferretdb_down # clears a stale or hung instance, if any
  need python3
  ferretdb_build
  ferretdb_start
}

ferretdb_down() {
  local pid
  for pid in "$(state_get MONGODB_PID)" "$(cat "$FERRET_RUN/pid" 2>/dev/null || true)"; do
    stop_pid ferretdb "$pid" "$FERRET_PATTERN"
  done
  rm -rf "$FERRET_RUN"
  state_del MONGODB_URL MONGODB_PID
}
