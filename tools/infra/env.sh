#!/usr/bin/env bash
# Print `export KEY=VALUE` lines for the servers up.sh started:
#   eval "$(tools/infra/env.sh)"
# Keys: KAFKA_BROKERS, KAFKA_PID, MONGODB_URL, MONGODB_PID (only those that are up).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[[ -s $STATE ]] || die "no servers recorded in $STATE; run tools/infra/up.sh first"
while IFS='=' read -r key value; do
  if [[ $key =~ ^[A-Z_][A-Z0-9_]*$ ]]; then printf 'export %s=%q\n' "$key" "$value"; fi
done <"$STATE"
