# Shared helpers for tools/infra/{up,down,env}.sh. Source it; do not run it.
# shellcheck shell=bash

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$INFRA_DIR/../.." && pwd)
CACHE=$ROOT/.cache/infra            # git-ignored: jars, classes, data, logs, state
STATE=$CACHE/state.env
LOGS=$CACHE/logs

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

need() {
  local c
  for c in "$@"; do command -v "$c" >/dev/null || die "'$c' is not installed (needed by tools/infra)"; done
}

# Serialise up/down runs (parallel test jobs, CI steps) on one lock file.
take_lock() {
  mkdir -p "$CACHE" "$LOGS"
  exec 9>"$CACHE/.lock"
  if ! flock -n 9; then
    log "another tools/infra up/down is running; waiting for it…"
    flock -w 600 9 || die "timed out waiting for $CACHE/.lock"
  fi
}

# --- state file: KEY=VALUE lines ------------------------------------------
state_get() { if [[ -f $STATE ]]; then sed -n "s/^$1=//p" "$STATE" | tail -n1; fi; }

state_del() {
  [[ -f $STATE ]] || return 0
  local k tmp=$STATE.tmp
  cp "$STATE" "$tmp"
  for k in "$@"; do grep -v "^$k=" "$tmp" >"$tmp.2" || true; mv "$tmp.2" "$tmp"; done
  mv "$tmp" "$STATE"
}

state_set() { # state_set KEY=VALUE...
  local kv
  for kv in "$@"; do state_del "${kv%%=*}"; echo "$kv" >>"$STATE"; done
}

# --- ports and processes ----------------------------------------------------
free_ports() { python3 "$INFRA_DIR/probe.py" free-ports "$1"; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# pid_is PID PATTERN: alive and its command line contains PATTERN (guards against PID reuse).
pid_is() {
  [[ -n $1 && -r /proc/$1/cmdline ]] && tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF -- "$2"
}

# start_detached PIDFILE LOGFILE CMD...: runs CMD in its own session (so Ctrl-C in the
# caller's terminal or the end of a CI step does not kill it), stdin closed, output to
# LOGFILE, lock fd 9 closed (else the server would hold the infra lock forever).
start_detached() {
  local pidfile=$1 logfile=$2; shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >"$logfile" 2>&1 9>&- &
  local _
  for _ in $(seq 50); do [[ -s $pidfile ]] && return 0; sleep 0.1; done
  die "could not start $1 (no pid file)"
}

# wait_ready NAME PID LOGFILE TIMEOUT_S PROBE...: polls PROBE until it succeeds.
wait_ready() {
  local name=$1 pid=$2 logfile=$3 timeout=$4; shift 4
  local start=$SECONDS next=5
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited during startup; last lines of $logfile:"
      tail -n 40 "$logfile" >&2
      die "$name failed to start"
    fi
    if ((SECONDS - start >= timeout)); then
      log "$name not ready after ${timeout}s; last lines of $logfile:"
      tail -n 40 "$logfile" >&2
      kill -KILL "$pid" 2>/dev/null || true
      die "$name startup timed out after ${timeout}s (process killed; full log: $logfile)"
    fi
    if ((SECONDS - start >= next)); then log "  still waiting for $name ($((SECONDS - start))s)…"; next=$((next + 5)); fi
    sleep 0.3
  done
}

# stop_pid NAME PID PATTERN: TERM, wait up to 20 s, then KILL.
stop_pid() {
  local name=$1 pid=$2 pattern=$3 _
  pid_is "$pid" "$pattern" || return 0
  log "stopping $name (pid $pid)…"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 200); do pid_is "$pid" "$pattern" || return 0; sleep 0.1; done
  log "$name did not stop within 20s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 50); do pid_is "$pid" "$pattern" || return 0; sleep 0.1; done
  die "could not kill $name (pid $pid)"
}

# --- cached builds ----------------------------------------------------------
# A build is redone only when the hash of its inputs changes.
inputs_hash() { cat "$@" | sha256sum | cut -c1-16; }
stamp_ok() { [[ -f $1/.stamp && $(<"$1/.stamp") == "$2" ]]; }

# mvn_copy_deps POM OUTDIR LABEL: copies the POM's runtime jars to OUTDIR (Maven's ~/.m2 caches
# downloads). Output goes to a log; a progress line is printed every 5 s.
mvn_copy_deps() {
  local pom=$1 out=$2 label=$3 mlog=$LOGS/$3-fetch.log
  need mvn
  rm -rf "$out"
  mvn -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$out" >"$mlog" 2>&1 &
  local mpid=$! t=0
  while kill -0 "$mpid" 2>/dev/null; do
    sleep 1; t=$((t + 1))
    ((t % 5 == 0)) && log "  $label: Maven still working (${t}s, $(grep -c 'Downloaded from' "$mlog" || true) files downloaded)…"
  done
  wait "$mpid" || { tail -n 30 "$mlog" >&2; die "$label: Maven failed (full log: $mlog)"; }
}
