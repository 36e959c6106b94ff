#!/usr/bin/env bash
# `npm run test:infra`: start real Kafka and the MongoDB-protocol server, run every *.infra.test.ts
# against them (jest.infra.config.cjs), and stop what this run started.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=0
if ! tools/infra/env.sh >/dev/null 2>&1; then started=1; fi
tools/infra/up.sh all
[ "$started" = 1 ] && trap 'tools/infra/down.sh all' EXIT
eval "$(tools/infra/env.sh)"
export KAFKAJS_NO_PARTITIONER_WARNING=1
# Which MongoDB-protocol server this is, so suites can name its known limits (see tools/infra/README.md).
export MONGODB_SERVER=mongo-java-server
node scripts/bootstrap.cjs test --config jest.infra.config.cjs "$@"
