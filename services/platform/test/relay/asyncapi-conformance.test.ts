import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { asyncApiDocument, eventRegistry, type Actor } from '@grid/contracts';
import { toRecord } from '../../src/bus/kafka/kafka-wire';
import { toBusMessage } from '../../src/relay/relay';
import { MemoryEventStore } from '../../src/store/memory/memory-event-store';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

// What the relay puts on Kafka is what the published AsyncAPI promises subscribers (contracts/generated/asyncapi.json).
describe('the relay’s Kafka records conform to the AsyncAPI document', () => {
  const doc = asyncApiDocument(eventRegistry);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(doc, 'asyncapi');
  const check = (pointer: string, value: unknown) => {
    const validate = ajv.compile({ $ref: `asyncapi#${pointer}` });
    return validate(value) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
  };

  test.each([
    ['with a trace', { traceparent: TRACEPARENT }],
    ['without one', {}],
  ])('a resident’s death, %s: topic, key, headers and value as described', async (_, extra) => {
    const store = new MemoryEventStore();
    const by: Actor = { id: 'worker-7', role: 'grid-worker' };
    const data = {
      householdId: 'h-1',
      personId: 'p-1',
      idHash: 'a'.repeat(64),
      diedOn: '2026-03-01',
      evidence: 'death-certificate',
      by,
    };
    await store.append('household-h-1', [{ type: 'grid-records.resident.died', data, actor: by, ...extra }], { expectedRevision: 'any' });
    const [event] = await store.readStream('household-h-1');
    const message = toBusMessage(event!);
    const record = toRecord(message);
    const described = '/components/messages/grid-records.resident.died.v1';

    expect(doc.channels[message.topic]?.messages['grid-records.resident.died.v1']).toBeDefined();
    expect(check(`${described}/bindings/kafka/key`, record.key)).toEqual([]);
    expect(check(`${described}/headers`, record.headers)).toEqual([]);
    expect(check(`${described}/payload`, JSON.parse(String(record.value)))).toEqual([]);
    await store.close();
  });

  test('the description would catch a header the relay got wrong', () => {
    const described = '/components/messages/grid-records.resident.died.v1/headers';
    const headers = { ce_specversion: '1.0', ce_id: 'not-a-uuid', ce_type: 'grid-records.resident.died', ce_source: '/grid-governance/grid-records', ce_time: '2026-03-01T00:00:00Z' };
    expect(check(described, headers)).toEqual([expect.stringContaining('/ce_id')]);
  });
});
