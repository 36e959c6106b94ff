#!/usr/bin/env bash
# Stop test servers started by up.sh (TERM, then KILL after 20 s) and delete their data.
# Usage: tools/infra/down.sh [kafka|ferretdb|all]   (default all; "mongo" = ferretdb)
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
[[ $what == ferretdb ]] || kafka_down
[[ $what == kafka ]] || ferretdb_down
log "stopped: $what"
