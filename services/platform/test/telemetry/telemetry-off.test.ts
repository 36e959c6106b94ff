import { metrics, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/config/config';
import { ATTR, startTelemetry, withSpan } from '../../src/telemetry';
import { HOUSEHOLD_TOPIC, startPipeline, type Pipeline } from './pipeline';

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('telemetry off (the embedded default)', () => {
  let p: Pipeline;
  beforeAll(async () => {
    // Off must not even load the SDK: were start-telemetry to require it, this factory would throw.
    jest.doMock('../../src/telemetry/sdk', () => {
      throw new Error('the OpenTelemetry SDK was loaded although telemetry is off');
    });
    const telemetry = startTelemetry({ serviceName: 'off', config: loadConfig({ OTEL_ENABLED: 'false' }) });
    jest.dontMock('../../src/telemetry/sdk');
    expect(telemetry.enabled).toBe(false);
    await telemetry.shutdown();
    p = await startPipeline();
  });
  afterAll(() => p?.close());

  it('leaves the API a no-op: spans do not record, meters are the no-op provider', async () => {
    await withSpan('nothing', { [ATTR.commandType]: 'x' }, (span) => {
      expect(span.isRecording()).toBe(false);
      expect(trace.getActiveSpan()?.isRecording() ?? false).toBe(false);
    });
    expect(metrics.getMeterProvider().getMeter('grid-governance').createCounter('c').constructor.name).toMatch(/^Noop/);
  });

  it('still runs the whole way, passing a caller traceparent through unchanged', async () => {
    const { status, events } = await p.register('h-off', { traceparent: CALLER });
    expect(status).toBe(201);
    await p.settled();
    expect(events[0]!.traceparent).toBe(CALLER);
    const delivered = p.delivered.find((m) => m.value.streamId === 'household-h-off')!;
    expect(delivered.topic).toBe(HOUSEHOLD_TOPIC);
    expect(delivered.headers.traceparent).toBe(CALLER);
    expect(await p.app.documents.collection('households_bus').get('household-h-off')).toMatchObject({ regionId: 'g1' });
    expect(await p.app.documents.collection('households_store').get('household-h-off')).toMatchObject({ regionId: 'g1' });
  });

  it('adds no traceparent when the caller sent none', async () => {
    const { events } = await p.register('h-off-2');
    await p.settled();
    expect(events[0]!.traceparent).toBeNull();
    expect(p.delivered.find((m) => m.value.streamId === 'household-h-off-2')!.headers.traceparent).toBeUndefined();
  });
});

describe('telemetry started with an exporter, then shut down', () => {
  it('exports while on, and after shutdown() the API is a no-op again and nothing more is exported', async () => {
    // Not InMemorySpanExporter: the SDK's shutdown shuts the exporter down too, which empties that one.
    const exported: string[] = [];
    const exporter: SpanExporter = {
      export: (spans, done) => {
        exported.push(...spans.map((s) => s.name));
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => undefined,
    };
    const telemetry = startTelemetry({ serviceName: 'on-off', config: loadConfig({}), spanExporter: exporter });
    expect(telemetry.enabled).toBe(true);
    expect(() => startTelemetry({ serviceName: 'twice', config: loadConfig({}), spanExporter: exporter })).toThrow(/already started/);
    await withSpan('while-on', {}, () => undefined);
    await telemetry.shutdown();
    await withSpan('after-off', {}, () => undefined);
    expect(exported).toEqual(['while-on']);
    // and it can be started again (a later test, a restarted component)
    const again = startTelemetry({ serviceName: 'again', config: loadConfig({}), spanExporter: exporter });
    await withSpan('again', {}, () => undefined);
    await again.shutdown();
    expect(exported).toEqual(['while-on', 'again']);
  });
});
