import { STREAM_ID_PATTERN } from './envelope';
import { streamCategoriesOf } from './event-streams';
import { envelopeSchema, eventDataSchema } from './json-schema';
import type { EventDefinition, EventRegistry } from './registry';
import { CATEGORY_OWNERS, TOPIC_MAJOR, topicForCategory, type Category } from './topics';

export type AsyncApiDocument = Record<string, unknown> & { asyncapi: string; channels: Record<string, AsyncApiChannel> };

interface AsyncApiChannel {
  address: string;
  title: string;
  description: string;
  messages: Record<string, { $ref: string }>;
}

const KAFKA_BINDING = '0.5.0';
/** Same as the value in deploy/k8s/configmap.yaml (KAFKA_BROKERS). */
const PRODUCTION_BROKER = 'kafka.grid-governance.svc:9092';
const TRACEPARENT = '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const messageName = (def: EventDefinition): string => `${def.type}.v${def.schemaVersion}`;
const sendOperation = (topic: string): string => `send-${topic}`;

/**
 * AsyncAPI 3.0 description of what the services publish on Kafka, for outside subscribers to read and generate
 * clients from: one channel per topic (topics.ts) with every version of every event its streams hold, the value
 * being the whole envelope with that event's data, the key the stream id, and the CloudEvents Kafka binding
 * headers the relay sets (services/platform/src/relay/cloudevents-headers.ts). Payload schemas are draft-07,
 * the dialect AsyncAPI 3.0 schemas extend. The platform's own test and bench topics and the service template's
 * are left out: they are not created in production (deploy/k8s/kafka-topics-job.yaml).
 */
export function asyncApiDocument(registry: EventRegistry): AsyncApiDocument {
  const byCategory = new Map<Category, EventDefinition[]>();
  for (const def of registry.definitions()) {
    for (const category of streamCategoriesOf(def.type)) {
      if (CATEGORY_OWNERS[category] === 'platform' || CATEGORY_OWNERS[category] === 'template') continue;
      byCategory.set(category, [...(byCategory.get(category) ?? []), def]);
    }
  }
  const categories = [...byCategory.keys()].sort((a, b) => topicForCategory(a).localeCompare(topicForCategory(b)));
  const published = categories.flatMap((c) => byCategory.get(c)!).sort((a, b) => messageName(a).localeCompare(messageName(b)));

  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, unknown> = {};
  for (const category of categories) {
    const topic = topicForCategory(category);
    const owner = CATEGORY_OWNERS[category];
    const names = byCategory.get(category)!.map(messageName).sort();
    channels[topic] = {
      address: topic,
      title: `${owner}: ${category} events`,
      description: `Every event of the streams \`${category}-<id>\`, keyed by stream id, so one stream's events stay in order on one partition.`,
      messages: Object.fromEntries(names.map((n) => [n, { $ref: `#/components/messages/${n}` }])),
    };
    operations[sendOperation(topic)] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic}` },
      title: `${owner} publishes its ${category} events`,
      description:
        'The relay of the owning service publishes each event once its store committed it, at least once ' +
        '(deduplicate on `ce_id` / `eventId`), and every stream in order.',
      messages: names.map((n) => ({ $ref: `#/channels/${topic}/messages/${n}` })),
    };
  }

  const schemas: Record<string, unknown> = { envelope: envelopeComponent(), 'cloudevents-headers': CLOUD_EVENT_HEADERS };
  const messages: Record<string, unknown> = {};
  for (const def of published) {
    const { $schema: _dialect, ...data } = eventDataSchema(def, 'draft-07');
    schemas[messageName(def)] = { title: def.type, description: def.description, ...data };
    messages[messageName(def)] = message(def);
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'grid-governance events (网格治理事件)',
      version: String(TOPIC_MAJOR),
      description:
        'Events the grid-governance services publish: each topic carries the events of one stream category, as the ' +
        'whole envelope (its `hash` and `prevHash` let a subscriber verify each stream’s chain). Readers upcast ' +
        'older `schemaVersion`s to the newest; the JSON Schemas of every version are in contracts/generated.',
    },
    servers: {
      production: {
        host: PRODUCTION_BROKER,
        protocol: 'kafka',
        description: 'The Kafka cluster of deploy/k8s. The embedded default (`npm start`) runs no broker.',
      },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas, messages },
  };
}

function message(def: EventDefinition): Record<string, unknown> {
  const categories = streamCategoriesOf(def.type).filter((c) => CATEGORY_OWNERS[c] !== 'platform');
  const service = CATEGORY_OWNERS[categories[0]!];
  return {
    name: messageName(def),
    title: `${def.type} v${def.schemaVersion}`,
    summary: def.description,
    contentType: 'application/json',
    headers: {
      allOf: [
        schemaRef('cloudevents-headers'),
        { type: 'object', properties: { ce_type: { const: def.type }, ce_source: { const: `/grid-governance/${service}` } } },
      ],
    },
    payload: {
      allOf: [
        schemaRef('envelope'),
        {
          type: 'object',
          properties: { type: { const: def.type }, schemaVersion: { const: def.schemaVersion }, data: schemaRef(messageName(def)) },
        },
      ],
    },
    correlationId: { description: 'The envelope’s correlationId: every event one request or reaction caused.', location: '$message.payload#/correlationId' },
    bindings: { kafka: { key: { type: 'string', description: 'The stream id.', pattern: streamIdPattern(categories) }, bindingVersion: KAFKA_BINDING } },
  };
}

function envelopeComponent(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = envelopeSchema('draft-07');
  return { title: 'Event envelope', description: 'The one envelope of every event; `data` is the event’s own schema.', ...schema };
}

/** STREAM_ID_PATTERN with its category part narrowed to these categories. */
function streamIdPattern(categories: readonly string[]): string {
  const anyCategory = '^[a-z][a-z0-9]*-';
  const source = STREAM_ID_PATTERN.source;
  if (!source.startsWith(anyCategory)) throw new Error(`STREAM_ID_PATTERN changed (${source}); update streamIdPattern`);
  return `^(?:${categories.join('|')})-${source.slice(anyCategory.length)}`;
}

/** CloudEvents 1.0 attributes as Kafka headers (Kafka protocol binding, binary content mode: `ce_` prefix). */
const CLOUD_EVENT_HEADERS = {
  type: 'object',
  description: 'CloudEvents 1.0 Kafka protocol binding (binary mode); the record value, CloudEvents `data`, is the envelope.',
  properties: {
    ce_specversion: { const: '1.0' },
    ce_id: { type: 'string', format: 'uuid', description: 'The envelope’s eventId.' },
    ce_type: { type: 'string', description: 'The envelope’s type (its schemaVersion is in the value).' },
    ce_source: { type: 'string', pattern: '^/grid-governance/[a-z][a-z0-9-]*$', description: '`/grid-governance/<owning service>`.' },
    ce_time: { type: 'string', format: 'date-time', description: 'The envelope’s recordedAt: when the system learned it.' },
    traceparent: { type: 'string', pattern: TRACEPARENT, description: 'W3C trace context of the write, when it was traced.' },
  },
  required: ['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_time'],
};
