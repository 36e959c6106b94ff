import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { DataPointType, MetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Bus } from '../../src/bus/bus';
import { loadConfig } from '../../src/config/config';
import { startRelay } from '../../src/relay/relay';
import { ATTR, METRICS, startTelemetry, type Telemetry } from '../../src/telemetry';
import { HOUSEHOLD_TOPIC, startPipeline, type Pipeline } from './pipeline';

/** Metrics are read on demand (no export interval to wait for). */
class TestMetricReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

const exporter = new InMemorySpanExporter();
const reader = new TestMetricReader();
let telemetry: Telemetry;
let p: Pipeline;

beforeAll(async () => {
  // Before the app (and its fastify instance) exists, as a service's main.ts does it.
  telemetry = startTelemetry({ serviceName: 'telemetry-test', config: loadConfig({}), spanExporter: exporter, metricReader: reader });
  p = await startPipeline();
});
afterAll(async () => {
  await p?.close();
  await telemetry?.shutdown();
});

const spans = () => exporter.getFinishedSpans();
const named = (name: string, traceId?: string): ReadableSpan[] =>
  spans().filter((s) => s.name === name && (traceId === undefined || s.spanContext().traceId === traceId));
function one(name: string, traceId?: string): ReadableSpan {
  const found = named(name, traceId);
  if (found.length !== 1)
    throw new Error(
      `expected one span "${name}", got ${found.length}: ${spans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  return found[0]!;
}
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const idOf = (s: ReadableSpan) => s.spanContext().spanId;
/** True when `ancestor` is on the parent chain of `span` (within the exported spans). */
function descends(span: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans().map((s) => [idOf(s), s]));
  for (let at = parentOf(span); at; at = byId.get(at) && parentOf(byId.get(at)!)) if (at === idOf(ancestor)) return true;
  return false;
}

describe('one trace from the HTTP request to the projection', () => {
  it('links request → command → append → relay publish → bus process → projection, continuing the caller', async () => {
    const { status, events } = await p.register('h-trace', { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    expect(status).toBe(201);
    await p.settled();
    await telemetry.flush();

    const all = spans().filter((s) => s.spanContext().traceId === CALLER_TRACE);
    const request = one('POST /households', CALLER_TRACE);
    const command = one('command register', CALLER_TRACE);
    const append = one('append household', CALLER_TRACE);
    const publish = one(`publish ${HOUSEHOLD_TOPIC}`, CALLER_TRACE);
    const projectFromBus = one('project households_bus', CALLER_TRACE);
    const projectFromStore = one('project households_store', CALLER_TRACE);
    const processes = named(`process ${HOUSEHOLD_TOPIC}`, CALLER_TRACE);
    expect(processes).toHaveLength(2); // the projection's group and the probe consumer's
    const processForProjection = processes.find((s) => s.attributes[ATTR.consumerGroup] === 'projection:households_bus')!;

    // Every span of the way is in the caller's trace (the test asserted the trace id when picking them).
    expect(all.length).toBeGreaterThanOrEqual(8);
    // The parent chain.
    expect(request.kind).toBe(SpanKind.SERVER);
    expect(parentOf(request)).toBe(CALLER_SPAN);
    expect(descends(command, request)).toBe(true); // through @fastify/otel's route-handler span
    expect(parentOf(append)).toBe(idOf(command));
    expect(parentOf(publish)).toBe(idOf(command)); // via the envelope's traceparent
    expect(parentOf(processForProjection)).toBe(idOf(publish)); // via the bus message's traceparent header
    expect(parentOf(projectFromBus)).toBe(idOf(processForProjection));
    expect(parentOf(projectFromStore)).toBe(idOf(command)); // store-fed: straight from the envelope

    // What carries the context: the envelope names the command span, the bus header the publish span.
    expect(events[0]!.traceparent).toBe(`00-${CALLER_TRACE}-${idOf(command)}-01`);
    expect(p.delivered[0]!.headers.traceparent).toBe(`00-${CALLER_TRACE}-${idOf(publish)}-01`);

    // Kinds and messaging attributes (semantic conventions).
    expect([publish.kind, processForProjection.kind]).toEqual([SpanKind.PRODUCER, SpanKind.CONSUMER]);
    expect(publish.attributes).toMatchObject({
      [ATTR.messagingSystem]: 'embedded',
      [ATTR.destinationName]: HOUSEHOLD_TOPIC,
      [ATTR.operation]: 'publish',
      [ATTR.operationType]: 'send',
      [ATTR.messageId]: events[0]!.eventId,
    });
    expect(processForProjection.attributes).toMatchObject({
      [ATTR.messagingSystem]: 'embedded',
      [ATTR.destinationName]: HOUSEHOLD_TOPIC,
      [ATTR.operation]: 'process',
      [ATTR.consumerGroup]: 'projection:households_bus',
      [ATTR.deliveryAttempt]: 1,
    });
    expect(command.attributes).toMatchObject({
      [ATTR.commandType]: 'register',
      [ATTR.commandOutcome]: 'accepted',
      [ATTR.streamId]: 'household-h-trace',
    });
    expect(await p.app.documents.collection('households_bus').get('household-h-trace')).toMatchObject({ regionId: 'g1' });
  });

  it('starts a trace of its own when the caller sends none, and the envelope carries it', async () => {
    const { events } = await p.register('h-root');
    await p.settled();
    await telemetry.flush();
    const command = spans().find((s) => s.name === 'command register' && s.attributes[ATTR.streamId] === 'household-h-root')!;
    const traceId = command.spanContext().traceId;
    const request = one('POST /households', traceId);
    expect(request.parentSpanContext).toBeUndefined();
    expect(events[0]!.traceparent).toBe(`00-${traceId}-${idOf(command)}-01`);
    expect(parentOf(one('project households_bus', traceId))).toBe(
      idOf(named(`process ${HOUSEHOLD_TOPIC}`, traceId).find((s) => s.attributes[ATTR.consumerGroup] === 'projection:households_bus')!),
    );
  });

  it('marks a refused command as an error span and counts it by outcome', async () => {
    const again = await p.register('h-root');
    expect(again.status).toBeGreaterThanOrEqual(400);
    await telemetry.flush();
    const refused = spans().filter((s) => s.name === 'command register' && s.attributes[ATTR.commandOutcome] === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(refused[0]!.attributes[ATTR.errorType]).toBe('Refusal');
  });
});

describe('metrics', () => {
  const metric = async (name: string): Promise<MetricData> => {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const found = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    if (!found) throw new Error(`no metric ${name}`);
    return found;
  };
  const points = (m: MetricData) => m.dataPoints as DataPoint<unknown>[];

  it('counts commands by type and outcome and times the appends', async () => {
    const commands = await metric(METRICS.commands);
    const value = (outcome: string) =>
      points(commands).find((d) => d.attributes[ATTR.commandOutcome] === outcome && d.attributes[ATTR.commandType] === 'register')?.value;
    expect([value('accepted'), value('refused')]).toEqual([2, 1]);

    const appends = await metric(METRICS.appendDuration);
    expect(appends.dataPointType).toBe(DataPointType.HISTOGRAM);
    const ok = points(appends).find((d) => d.attributes[ATTR.streamCategory] === 'household' && d.attributes[ATTR.appendOutcome] === 'ok');
    expect((ok?.value as { count: number }).count).toBe(2);
  });

  it('reports relay lag and consumer lag, 0 once everything is through', async () => {
    await p.settled();
    await telemetry.flush();
    const relay = points(await metric(METRICS.relayLag));
    expect(relay).toEqual([expect.objectContaining({ value: 0, attributes: { [ATTR.relayCheckpoint]: 'relay' } })]);
    const consumer = points(await metric(METRICS.consumerLag)).filter((d) => d.attributes[ATTR.destinationName] === HOUSEHOLD_TOPIC);
    const groups = new Set(consumer.map((d) => d.attributes[ATTR.consumerGroup]));
    expect(groups).toEqual(new Set(['projection:households_bus', 'telemetry-probe']));
    expect(consumer.every((d) => d.value === 0 && d.attributes[ATTR.messagingSystem] === 'embedded')).toBe(true);
  });

  it('sees a relay that is behind: store head − its position', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A bus that takes the first publish and does not answer until released: that relay stays at 0.
    const stalled = {
      publish: () => gate,
      subscribe: () => Promise.reject(new Error('unused')),
      close: async () => undefined,
    } as unknown as Bus;
    const behind = await startRelay({ store: p.app.store, bus: stalled, checkpoint: 'stalled-relay' });
    try {
      const head = await p.app.store.headPosition();
      const lag = (await metric(METRICS.relayLag)).dataPoints.find((d) => d.attributes[ATTR.relayCheckpoint] === 'stalled-relay');
      expect(lag?.value).toBe(head);
    } finally {
      release();
      await behind.close();
    }
  });
});
