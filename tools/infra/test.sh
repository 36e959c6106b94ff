#!/usr/bin/env bash
# `npm run test:infra`: run every *.infra.test.ts (jest.infra.config.cjs) against real servers.
# Servers given in the environment are used as they are and nothing is started for them:
#   KAFKA_BROKERS=host:port   MONGODB_URL=mongodb://…   KURRENTDB_URL=kurrentdb://…   (hosted CI's containers)
# Otherwise Kafka and FerretDB are started here (tools/infra/up.sh) and stopped again at the end; ones that
# were already up are left running. KurrentDB is never started here: without KURRENTDB_URL (or a Docker
# runtime for testcontainers) its suite says that it did not run, and this script repeats that at its end.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tools/infra/lib.sh
source tools/infra/kafka/kafka.sh
source tools/infra/ferretdb/ferretdb.sh

given_kafka=${KAFKA_BROKERS:-}
given_mongo=${MONGODB_URL:-}
start=()
[[ -n $given_kafka ]] || start+=(kafka)
[[ -n $given_mongo ]] || start+=(ferretdb)

stop=()
for s in "${start[@]}"; do "${s}_running" || stop+=("$s"); done
[[ ${#stop[@]} -eq 0 ]] || trap 'for s in "${stop[@]}"; do tools/infra/down.sh "$s"; done' EXIT
case ${#start[@]} in
  2) tools/infra/up.sh all ;;
  1) tools/infra/up.sh "${start[0]}" ;;
esac
if [[ ${#start[@]} -gt 0 ]]; then eval "$(tools/infra/env.sh)"; fi

if [[ -n $given_kafka ]]; then export KAFKA_BROKERS=$given_kafka; log "kafka: using KAFKA_BROKERS=$given_kafka (given)"; fi
# Which MongoDB-protocol server this is, so suites can check its known limits (see tools/infra/README.md).
if [[ -n $given_mongo ]]; then
  export MONGODB_URL=$given_mongo MONGODB_SERVER=${MONGODB_SERVER:-mongodb}
  log "mongodb: using MONGODB_URL=$given_mongo (given; MONGODB_SERVER=$MONGODB_SERVER)"
else
  export MONGODB_SERVER=ferretdb
fi
export KAFKAJS_NO_PARTITIONER_WARNING=1

results=.cache/test-results/infra.json
rm -f "$results"
status=0
node scripts/bootstrap.cjs test --config jest.infra.config.cjs "$@" || status=$?

# Suites skip themselves when their server is missing, naming the test "… did NOT run: <reason>"; the
# counts reporter lists them, and here they are once more, at the end, where nobody misses them.
if [[ -f $results ]]; then
  node -e 'const { notRun = [] } = require(process.argv[1]);
    const bar = "!".repeat(100);
    if (notRun.length) console.error(["", bar, ...notRun.map((t) => `!! ${t}`), bar, ""].join("\n"));' "$PWD/$results"
fi
exit "$status"
