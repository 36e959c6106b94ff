import { eventRegistry } from '@grid/contracts';
import { sampleEnvelope } from './sample-envelope';

const data = { from: 'a'.repeat(16), to: 'b'.repeat(16), adoptedIdNumbers: 2, rewrappedKeys: 3, resumed: false };

describe('platform.personal-data.master-key-rotated', () => {
  test('a rotation recorded at v1 (a copy that did not open stopped it then) reads at v2 with none skipped', () => {
    const v1 = sampleEnvelope({ type: 'platform.personal-data.master-key-rotated', schemaVersion: 1, data });
    expect(eventRegistry.current(v1)).toMatchObject({ schemaVersion: 2, data: { ...data, skippedIdNumbers: 0 }, hash: v1.hash });
    // Written at v1 with the count (before v2 existed): the count is kept.
    expect(eventRegistry.current({ ...v1, data: { ...data, skippedIdNumbers: 1 } }).data).toMatchObject({ skippedIdNumbers: 1 });
  });

  test('writers give the count', () => {
    expect(() => eventRegistry.validate('platform.personal-data.master-key-rotated', data)).toThrow();
    expect(() => eventRegistry.validate('platform.personal-data.master-key-rotated', { ...data, skippedIdNumbers: 0 })).not.toThrow();
  });
});
