#!/usr/bin/env bash
# Start test servers on 127.0.0.1 and record them in .cache/infra/state.env.
# Usage: tools/infra/up.sh [kafka|ferretdb|all|build]   (default all; "mongo" = ferretdb, the MongoDB-protocol server;
# "build" only fetches the Kafka jars and builds FerretDB, so CI can bound the first build on its own)
# Idempotent: a server that is already running and answering is left alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$INFRA_DIR/kafka/kafka.sh"
source "$INFRA_DIR/ferretdb/ferretdb.sh"

what=${1:-all}
case $what in
  kafka | ferretdb | all | build) ;;
  mongo) what=ferretdb ;;
  *) die "usage: $0 [kafka|ferretdb|all|build]" ;;
esac

take_lock
if [[ $what == build ]]; then
  need java python3
  kafka_fetch
  ferretdb_build
  exit 0
fi
[[ $what == ferretdb ]] || kafka_up
[[ $what == kafka ]] || ferretdb_up
log "state ($STATE):"
sed 's/^/[infra]   /' "$STATE" >&2
log "use: eval \"\$(tools/infra/env.sh)\""
