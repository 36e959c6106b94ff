import { EnvelopeSchema } from '@grid/contracts';
import { sampleEnvelope } from './sample-envelope';

const valid = sampleEnvelope({
  type: 'grid-records.household.registered',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  hash: 'f'.repeat(64),
  data: { grid: 'grid-1' },
});

describe('the envelope', () => {
  test('a well-formed envelope parses, with a business date or a timestamp as occurredAt', () => {
    expect(EnvelopeSchema.parse(valid)).toEqual(valid);
    expect(EnvelopeSchema.parse({ ...valid, occurredAt: '2020-11-01T00:00:00+08:00' }).occurredAt).toBe('2020-11-01T00:00:00+08:00');
  });

  test.each([
    ['type', 'household-registered'],
    ['streamId', 'Household_1'],
    ['hash', 'xyz'],
    ['occurredAt', '2020-13-01'],
    ['schemaVersion', 0],
  ])('a bad %s is rejected naming the field', (field, value) => {
    const result = EnvelopeSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});
