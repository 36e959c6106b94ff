// `start kafka|mongodb…`: runs the images hosted CI pins (images.json) as containers, configured and
// health-checked as .github/workflows/ci.yml does, and records them in .cache/infra/state.env as up.sh does
// (env.sh exports them); `stop` removes them. Exit 3, writing nothing: no container runtime (test.sh then
// starts the jars and FerretDB). Run by tools/infra/test.sh on Node >= 22 (bootstrap.cjs node).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import process from 'node:process';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'; // the containers outlive this process: `stop` removes them
const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');

const images = JSON.parse(readFileSync(join(import.meta.dirname, 'images.json'), 'utf8'));
const cache = join(import.meta.dirname, '..', '..', '.cache', 'infra');
const stateFile = join(cache, 'state.env');
const KEYS = { kafka: ['KAFKA_BROKERS', 'KAFKA_CONTAINER'], mongodb: ['MONGODB_URL', 'MONGODB_CONTAINER'] };

const log = (line) => process.stderr.write(`[infra] ${line}\n`);
const readState = () => (existsSync(stateFile) ? readFileSync(stateFile, 'utf8').split('\n').filter(Boolean) : []);
function writeState(drop, add = []) {
  mkdirSync(cache, { recursive: true });
  const kept = readState().filter((line) => !drop.includes(line.split('=')[0]));
  writeFileSync(stateFile, [...kept, ...add].map((line) => `${line}\n`).join(''));
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, () => server.close(() => resolve(server.address().port)));
  });

const health = (cmd) => ({ test: ['CMD-SHELL', cmd], interval: 1_000, timeout: 10_000, retries: 120 });

// The broker advertises the host's address, so its port is the same inside and out.
async function kafka(host) {
  const port = await freePort();
  const container = await new GenericContainer(images.kafka)
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_NUM_PARTITIONS: '3',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '5',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withExposedPorts({ container: port, host: port })
    .withHealthCheck(health(`/opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:${port} --list`))
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(180_000)
    .start();
  return [`KAFKA_BROKERS=${host}:${port}`, `KAFKA_CONTAINER=${container.getId()}`];
}

async function mongodb() {
  const container = await new GenericContainer(images.mongodb)
    .withExposedPorts(27017)
    .withHealthCheck(health(`mongosh --quiet --eval 'db.adminCommand({ ping: 1 }).ok'`))
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(180_000)
    .start();
  return [`MONGODB_URL=mongodb://${container.getHost()}:${container.getMappedPort(27017)}/`, `MONGODB_CONTAINER=${container.getId()}`];
}

const [command, ...names] = process.argv.slice(2);
const client = await getContainerRuntimeClient().catch(() => null);
if (!client) process.exit(3);
if (command === 'start' && names.length > 0 && names.every((n) => n in KEYS)) {
  const host = client.info.containerRuntime.host;
  for (const name of names) {
    const lines = name === 'kafka' ? await kafka(host) : await mongodb();
    writeState(KEYS[name], lines);
    log(`${name}: container ${images[name]} at ${lines[0].split('=')[1]}`);
  }
} else if (command === 'stop') {
  for (const [name, [, idKey]] of Object.entries(KEYS)) {
    const id = readState().find((line) => line.startsWith(`${idKey}=`))?.slice(idKey.length + 1);
    if (!id) continue;
    const container = client.container.getById(id);
    await client.container.stop(container).catch(() => undefined);
    await client.container.remove(container, { removeVolumes: true }).catch(() => undefined);
    writeState(KEYS[name]);
    log(`${name}: container ${id.slice(0, 12)} removed`);
  }
} else {
  log('usage: containers.mjs start kafka|mongodb… | stop');
  process.exit(2);
}
