import { z } from 'zod';
import { EventRegistry, UnknownEventTypeError, defineEvent, type Envelope } from '@grid/contracts';
import { sampleEnvelope } from './sample-envelope';

// A household address that grew over two versions: v1 had one free-text line, v2 split the building
// out, v3 added the registration kind (户籍 urban/rural) with a default for old events.
const v1 = defineEvent({ type: 'sample.household.registered', schemaVersion: 1, description: 'v1', data: z.object({ address: z.string() }) });
const v2 = defineEvent({
  type: 'sample.household.registered',
  schemaVersion: 2,
  description: 'v2',
  data: z.object({ street: z.string(), building: z.string() }),
  upcastFrom: (d) => {
    const [street = '', building = ''] = String(d.address).split('#');
    return { street, building };
  },
});
const v3 = defineEvent({
  type: 'sample.household.registered',
  schemaVersion: 3,
  description: 'v3',
  data: z.object({ street: z.string(), building: z.string(), registration: z.enum(['urban', 'rural']) }),
  upcastFrom: (d) => ({ ...d, registration: 'urban' }),
});

const envelope = (schemaVersion: number, data: Record<string, unknown>): Envelope => sampleEnvelope({ schemaVersion, data });

describe('event registry and upcasters', () => {
  const registry = new EventRegistry().register(v1, v2, v3);

  test('an old v1 event is read as the newest version through every step of the chain', () => {
    const read = registry.upcast(envelope(1, { address: '冷水滩区梅湾路#3栋' }));
    expect(read.schemaVersion).toBe(3);
    expect(read.data).toEqual({ street: '冷水滩区梅湾路', building: '3栋', registration: 'urban' });
  });

  test('an event already at the newest version passes unchanged', () => {
    const data = { street: '梅湾路', building: '1栋', registration: 'rural' };
    expect(registry.upcast(envelope(3, data)).data).toEqual(data);
  });

  test('upcasting keeps the original envelope fields, so the stored hash still refers to what was written', () => {
    const original = envelope(1, { address: 'a#b' });
    const read = registry.upcast(original);
    expect(read.hash).toBe(original.hash);
    expect(original.schemaVersion).toBe(1);
    expect(original.data).toEqual({ address: 'a#b' });
  });

  test('an unknown type or a version from the future is refused', () => {
    expect(() => registry.upcast({ ...envelope(1, {}), type: 'sample.household.unknown' })).toThrow(UnknownEventTypeError);
    expect(() => registry.upcast(envelope(4, {}))).toThrow(UnknownEventTypeError);
  });

  test('the read path upcasts only older versions and passes the rest on as they are', () => {
    const newest = envelope(3, { street: 's', building: 'b', registration: 'rural' });
    expect(registry.current(newest)).toBe(newest);
    const future = envelope(4, { anything: true });
    expect(registry.current(future)).toBe(future);
    const unknown = { ...envelope(1, { x: 1 }), type: 'sample.household.unknown' };
    expect(registry.current(unknown)).toBe(unknown);
    expect(registry.current(envelope(1, { address: 'a#b' })).data).toEqual({ street: 'a', building: 'b', registration: 'urban' });
  });

  test('versions must be registered in order and each step up needs an upcaster', () => {
    expect(() => new EventRegistry().register(v2)).toThrow(/register v1 next/);
    expect(() => new EventRegistry().register(v1, { ...v2, upcastFrom: undefined })).toThrow(/needs upcastFrom/);
  });

  test('writers are validated against the newest version', () => {
    expect(() => registry.validate('sample.household.registered', { street: 's', building: 'b' })).toThrow();
    expect(registry.validate('sample.household.registered', { street: 's', building: 'b', registration: 'rural' })).toBeTruthy();
  });
});
