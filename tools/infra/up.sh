#!/usr/bin/env bash
# Start test servers on 127.0.0.1 and record them in .cache/infra/state.env.
# Usage: tools/infra/up.sh [kafka|ferretdb|all]   (default all; "mongo" = ferretdb, the MongoDB-protocol server)
# Idempotent: a server that is already running and answering is left alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$INFRA_DIR/kafka/kafka.sh"
source "$INFRA_DIR/ferretdb/ferretdb.sh"

what=${1:-all}
case $what in
  kafka | ferretdb | all) ;;
  mongo) what=ferretdb ;;
  *) die "usage: $0 [kafka|ferretdb|all]" ;;
esac

take_lock
[[ $what == ferretdb ]] || kafka_up
[[ $what == kafka ]] || ferretdb_up
log "state ($STATE):"
sed 's/^/[infra]   /' "$STATE" >&2
log "use: eval \"\$(tools/infra/env.sh)\""
