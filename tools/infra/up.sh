#!/usr/bin/env bash
# Start test servers on 127.0.0.1 and record them in .cache/infra/state.env.
# Usage: tools/infra/up.sh [kafka|mongo|all]   (default all; "ferretdb" = mongo)
# Idempotent: a server that is already running and answering is left alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$INFRA_DIR/kafka/kafka.sh"
source "$INFRA_DIR/mongo/mongo.sh"

what=${1:-all}
case $what in
  kafka | mongo | all) ;;
  ferretdb) what=mongo ;;
  *) die "usage: $0 [kafka|mongo|all]" ;;
esac

take_lock
[[ $what == mongo ]] || kafka_up
[[ $what == kafka ]] || mongo_up
log "state ($STATE):"
sed 's/^/[infra]   /' "$STATE" >&2
log "use: eval \"\$(tools/infra/env.sh)\""
