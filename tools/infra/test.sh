#!/usr/bin/env bash
# `npm run test:infra`: run every *.infra.test.ts (jest.infra.config.cjs) against real servers.
# Servers given in the environment are used as they are and nothing is started for them:
#   KAFKA_BROKERS=host:port   MONGODB_URL=mongodb://…   KURRENTDB_URL=kurrentdb://…   (hosted CI's containers)
# Otherwise they are started here and stopped again at the end (ones that were already up are left running):
# with a container runtime as the images hosted CI pins (containers.mjs), else Kafka from jars and FerretDB
# (up.sh). KurrentDB's suite starts its own container; with neither KURRENTDB_URL nor a container runtime it
# says that it did not run, and this script repeats that at its end.
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
mongo_server=ferretdb

# With a container runtime, servers not up yet run as the images hosted CI pins (tools/infra/images.json);
# without one, containers.mjs says so at once (exit 3) and the jars and FerretDB below start instead.
containers() { GRID_SKIP_BUILD=1 node scripts/bootstrap.cjs node tools/infra/containers.mjs "$@"; }
wanted=()
for s in "${start[@]}"; do "${s}_running" || wanted+=("$s"); done
if [[ ${#wanted[@]} -gt 0 ]]; then
  trap 'containers stop || true' EXIT
  if containers start "${wanted[@]/ferretdb/mongodb}"; then
    [[ " ${wanted[*]} " != *" ferretdb "* ]] || mongo_server=mongodb
    running=()
    for s in "${start[@]}"; do [[ " ${wanted[*]} " == *" $s "* ]] || running+=("$s"); done
    start=("${running[@]}")
  else
    rc=$?
    [[ $rc -eq 3 ]] || die "starting containers (${wanted[*]}) failed (exit $rc)"
    trap - EXIT
    wanted=()
  fi
fi

stop=()
for s in "${start[@]}"; do "${s}_running" || stop+=("$s"); done
[[ ${#stop[@]} -eq 0 ]] || trap 'for s in "${stop[@]}"; do tools/infra/down.sh "$s"; done' EXIT
case ${#start[@]} in
  2) tools/infra/up.sh all ;;
  1) tools/infra/up.sh "${start[0]}" ;;
esac
if [[ ${#start[@]} -gt 0 || ${#wanted[@]} -gt 0 ]]; then eval "$(tools/infra/env.sh)"; fi

if [[ -n $given_kafka ]]; then export KAFKA_BROKERS=$given_kafka; log "kafka: using KAFKA_BROKERS=$given_kafka (given)"; fi
# Which MongoDB-protocol server this is, so suites can check its known limits (see tools/infra/README.md).
if [[ -n $given_mongo ]]; then
  export MONGODB_URL=$given_mongo MONGODB_SERVER=${MONGODB_SERVER:-mongodb}
  log "mongodb: using MONGODB_URL=$given_mongo (given; MONGODB_SERVER=$MONGODB_SERVER)"
else
  export MONGODB_SERVER=$mongo_server
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
