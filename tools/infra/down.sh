#!/usr/bin/env bash
# Stop test servers started by up.sh (TERM, then KILL after 20 s) and delete their data.
# Usage: tools/infra/down.sh [kafka|mongo|all]   (default all; "ferretdb" = mongo)
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
[[ $what == mongo ]] || kafka_down
[[ $what == kafka ]] || mongo_down
log "stopped: $what"
