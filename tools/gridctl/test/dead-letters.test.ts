// gridctl dead-letters against a scratch data folder: what a store-fed runner dead-lettered, listed and asked back.
import { loadConfig, openDocuments, recordDeadLetter } from '@grid/platform';
import type { Envelope } from '@grid/contracts';
import { gridctl as run, useScratchDataDir } from './scratch';

const scratch = useScratchDataDir('gridctl-dead-');
const event = (streamId: string, globalPosition: number) =>
  ({ eventId: `e-${globalPosition}`, type: 'grid-records.household.registered', streamId, globalPosition, data: { secret: 'sealed' } }) as unknown as Envelope;

beforeEach(async () => {
  const docs = await openDocuments(loadConfig({ DATA_DIR: scratch() }));
  await recordDeadLetter(docs, 'grid-records.households', event('household-a', 7), new Error('cannot project'), 3, '2026-12-07T10:00:00.000Z');
  await recordDeadLetter(docs, 'grid-records.households', event('household-a', 9), 'parked behind an earlier dead letter of its stream', 0, '2026-12-07T10:00:01.000Z');
  await recordDeadLetter(docs, 'grid-records.visits', event('household-b', 8), new Error('visit broke'), 3, '2026-12-07T10:00:02.000Z');
  await docs.close();
});

const list = async (...filter: string[]) => JSON.parse(await run('dead-letters', 'list', ...filter)) as Record<string, unknown>[];

describe('gridctl dead-letters', () => {
  test('list shows every dead letter oldest first, with its projection, stream, error and attempts, but no event data', async () => {
    const letters = await list();
    expect(letters.map((l) => [l.projection, l.streamId, l.globalPosition, l.error, l.attempts, l.retry])).toEqual([
      ['grid-records.households', 'household-a', 7, 'cannot project', 3, false],
      ['grid-records.visits', 'household-b', 8, 'visit broke', 3, false],
      ['grid-records.households', 'household-a', 9, 'parked behind an earlier dead letter of its stream', 0, false],
    ]);
    expect(JSON.stringify(letters)).not.toContain('sealed');
    expect((await list('--projection', 'grid-records.visits')).map((l) => l.globalPosition)).toEqual([8]);
    expect((await list('--stream', 'household-a')).map((l) => l.globalPosition)).toEqual([7, 9]);
  });

  test('retry asks the running service to apply a projection’s letters again, and says how many', async () => {
    expect(JSON.parse(await run('dead-letters', 'retry', '--projection', 'grid-records.households'))).toEqual({ asked: 2 });
    expect((await list()).map((l) => [l.globalPosition, l.retry])).toEqual([
      [7, true],
      [8, false],
      [9, true],
    ]);
    expect(JSON.parse(await run('dead-letters', 'retry', '--projection', 'grid-records.households'))).toEqual({ asked: 0 });
  });
});
