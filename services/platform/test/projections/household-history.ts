import type { Envelope } from '@grid/contracts';
import type { MemoryEventStore } from '@grid/platform';

// Shared by the projection tests on every document store: a deterministic household history over the
// probe event, and what the grid totals must be after it.
export const PROBE = 'platform.probe.recorded';
export type Probe = { action: 'joined' | 'left'; gridId: string; members: number };
export type Grid = { households: number; residents: number };
export type HistoryEvent = { streamId: string; type: string; data: Record<string, unknown> };

/** A deterministic history: households join, leave and move between grids; unhandled noise in between. */
export function history(steps: number, seed = 7): HistoryEvent[] {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const where = new Map<string, { gridId: string; members: number }>();
  const out: HistoryEvent[] = [];
  for (let i = 0; i < steps; i += 1) {
    if (i % 25 === 0) out.push({ streamId: 'probe-noise', type: 'platform.probe.ignored', data: { i } });
    const streamId = `household-h${random(40)}`;
    const at = where.get(streamId);
    if (at) {
      where.delete(streamId);
      out.push({ streamId, type: PROBE, data: { action: 'left', ...at } });
    } else {
      const joined = { gridId: `grid-${random(6)}`, members: 1 + random(6) };
      where.set(streamId, joined);
      out.push({ streamId, type: PROBE, data: { action: 'joined', ...joined } });
    }
  }
  return out;
}

/** What the model must say, worked out straight from the history. */
export function expectedGrids(events: HistoryEvent[]): Record<string, Grid> {
  const grids: Record<string, Grid> = {};
  for (const e of events.filter((x) => x.type === PROBE)) {
    const { action, gridId, members } = e.data as Probe;
    const g = (grids[gridId] ??= { households: 0, residents: 0 });
    g.households += action === 'joined' ? 1 : -1;
    g.residents += action === 'joined' ? members : -members;
  }
  return grids;
}

export async function collect(store: MemoryEventStore): Promise<Envelope[]> {
  const all: Envelope[] = [];
  for await (const e of store.readAll()) all.push(e);
  return all;
}
