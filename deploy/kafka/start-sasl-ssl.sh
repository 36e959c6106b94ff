#!/bin/bash
# The compose stack's Kafka (KRaft, one node): clients only over SASL_SSL (SCRAM-SHA-512, the broker's certificate
# from the `certs` service); the controller listener stays inside the container. The SCRAM user is created when the
# storage is formatted (first start); to change its password later: kafka-configs.sh --alter --add-config.
set -euo pipefail
store_pass=$(cat /run/secrets/tls_store_password)
scram_pass=$(cat /run/secrets/kafka_password)
config=/tmp/server.properties
cat >"$config" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=SASL_SSL://:9092,CONTROLLER://localhost:9093
advertised.listeners=SASL_SSL://kafka:9092
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="grid" password="$scram_pass";
ssl.keystore.type=PKCS12
ssl.keystore.location=/certs/kafka/kafka.p12
ssl.keystore.password=$store_pass
ssl.truststore.type=PEM
ssl.truststore.location=/certs/ca/ca.crt
log.dirs=/var/lib/kafka/data
num.partitions=6
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
PROPS
# The health check's client: the same user, trusting the stack's CA.
cat >/tmp/client.properties <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="grid" password="$scram_pass";
ssl.truststore.type=PEM
ssl.truststore.location=/certs/ca/ca.crt
PROPS
if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
  /opt/kafka/bin/kafka-storage.sh format -t "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" -c "$config" \
    --add-scram "SCRAM-SHA-512=[name=grid,password=$scram_pass]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
