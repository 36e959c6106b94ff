#!/usr/bin/env bash
# `npm run bench:relay`: the store → Kafka relay against a raw kafkajs producer, and the end-to-end lag
# (tools/bench/src/relay.bench.ts; figures in tools/bench/results/relay.json). Options go to the bench:
#   npm run bench:relay -- --runs 5 --lag-seconds 30 --proposal
# Kafka: BENCH_BROKERS=host:port uses that cluster and starts nothing; otherwise tools/infra's Kafka,
# started here when it is not up, and then stopped again on exit (one that was already up is left running).
set -euo pipefail
cd "$(dirname "$0")/../.."
export KAFKAJS_NO_PARTITIONER_WARNING=1

if [[ -n ${BENCH_BROKERS:-} ]]; then
  export KAFKA_BROKERS=$BENCH_BROKERS
  export BENCH_KAFKA_LABEL=${BENCH_KAFKA_LABEL:-"Kafka given by BENCH_BROKERS"}
else
  # Up = recorded by tools/infra AND its process alive AND the port answering (env.sh alone only reads the state file).
  kafka_up() {
    local env
    env=$(tools/infra/env.sh 2>/dev/null) || return 1
    eval "$env"
    [[ -n ${KAFKA_BROKERS:-} && -n ${KAFKA_PID:-} ]] && kill -0 "$KAFKA_PID" 2>/dev/null &&
      timeout 2 bash -c "exec 3<>/dev/tcp/${KAFKA_BROKERS%:*}/${KAFKA_BROKERS##*:}" 2>/dev/null
  }
  started=0
  if ! kafka_up; then started=1; fi
  tools/infra/up.sh kafka
  [[ $started == 1 ]] && trap 'tools/infra/down.sh kafka' EXIT
  eval "$(tools/infra/env.sh)"
  export BENCH_KAFKA_LABEL=${BENCH_KAFKA_LABEL:-"tools/infra Kafka 3.9.2, KRaft single node, $([[ $started == 1 ]] && echo 'started for this run' || echo 'already running')"}
fi

node scripts/bootstrap.cjs bench relay "$@"
