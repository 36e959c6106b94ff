# MongoDB wire-protocol server for tests: mongo-java-server (in-memory) from Maven Central.
# FerretDB was the first choice, but the Go module proxy refuses github.com/FerretDB/FerretDB
# here (403), so it cannot be built; see README.md for what this server does not support.
# Sourced by tools/infra/up.sh and down.sh (after lib.sh).
# shellcheck shell=bash

MONGO_HOME=$CACHE/mongo
MONGO_LIBS=$MONGO_HOME/libs          # jars + compiled MongoMain.class (classes/)
MONGO_RUN=$MONGO_HOME/run            # pid file only: the data lives in memory
MONGO_LOG=$LOGS/mongo.log
MONGO_PATTERN="$MONGO_LIBS/classes MongoMain"  # identifies our server process
MONGO_TIMEOUT=${INFRA_MONGO_TIMEOUT:-60}

mongo_running() {
  local pid url port
  pid=$(state_get MONGODB_PID); url=$(state_get MONGODB_URL)
  port=${url##*:}; port=${port%%/*}
  [[ -n $url ]] && pid_is "$pid" "$MONGO_PATTERN" && port_open "$port"
}

mongo_build() {
  local want
  want=$(inputs_hash "$INFRA_DIR/mongo/pom.xml" "$INFRA_DIR/mongo/MongoMain.java")
  if stamp_ok "$MONGO_LIBS" "$want"; then log "mongo: build cached ($MONGO_LIBS)"; return; fi
  log "mongo: fetching mongo-java-server jars with Maven (first run only)…"
  mvn_copy_deps "$INFRA_DIR/mongo/pom.xml" "$MONGO_LIBS" mongo
  log "mongo: compiling MongoMain.java…"
  need javac
  javac -nowarn -cp "$MONGO_LIBS/*" -d "$MONGO_LIBS/classes" "$INFRA_DIR/mongo/MongoMain.java"
  echo "$want" >"$MONGO_LIBS/.stamp"
}

mongo_start() {
  local port pid
  port=$(free_ports 1)
  rm -rf "$MONGO_RUN"; mkdir -p "$MONGO_RUN"
  log "mongo: starting mongo-java-server on 127.0.0.1:$port (log $MONGO_LOG)…"
  start_detached "$MONGO_RUN/pid" "$MONGO_LOG" \
    java -Xmx512m -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -cp "$MONGO_LIBS/*:$MONGO_LIBS/classes" MongoMain --port "$port"
  pid=$(<"$MONGO_RUN/pid")
  # Ready = the port accepts AND {ping: 1} over the wire protocol answers ok: 1.
  wait_ready mongo "$pid" "$MONGO_LOG" "$MONGO_TIMEOUT" python3 "$INFRA_DIR/probe.py" mongo-ping "$port"
  state_set "MONGODB_URL=mongodb://127.0.0.1:$port/" "MONGODB_PID=$pid"
  log "mongo: ready at mongodb://127.0.0.1:$port/ (pid $pid)"
}

mongo_up() {
  if mongo_running; then log "mongo: already running at $(state_get MONGODB_URL) (pid $(state_get MONGODB_PID))"; return; fi
  mongo_down # clears a stale or hung instance, if any
  need java python3
  mongo_build
  mongo_start
}

mongo_down() {
  local pid
  for pid in "$(state_get MONGODB_PID)" "$(cat "$MONGO_RUN/pid" 2>/dev/null || true)"; do
    stop_pid mongo "$pid" "$MONGO_PATTERN"
  done
  rm -rf "$MONGO_RUN"
  state_del MONGODB_URL MONGODB_PID
}
