// Property (issue 4, §E): random valid command sequences on the application layer keep the service's invariants,
// and a rebuild of every grid-records read model from the store equals the live documents, `_seen` included.
// Refused commands (422 Refusal, 409 PersonRegisteredElsewhere) are allowed, but must append nothing.
// Reproduce a failure: GRID_PROPERTY_SEED=<seed printed by fast-check> (and the printed path, via GRID_PROPERTY_PATH).
// More runs for a bug hunt: GRID_PROPERTY_RUNS=400 (about 25 s; the default 20 runs take about 1.5 s).
// The commands and their arbitraries: ./model.ts; the world: ./world.ts; one sequence: ./runner.ts; the invariants
// it checks: ./invariants.ts.
import fc from 'fast-check';
import { stepArb } from './model';
import { runSequence, stats } from './runner';

jest.setTimeout(60_000);

describe('random valid command sequences (fast-check)', () => {
  afterAll(() => {
    const list = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
    const total = (m: Map<string, number>) => [...m.values()].reduce((n, c) => n + c, 0);
    const show = (m: Map<string, number>) =>
      list(m)
        .map(([k, c]) => `${k}×${c}`)
        .join(', ');
    process.stdout.write(
      `[property] sequences checked ${stats.runs}, commands ${stats.commands}\n` +
        `  accepted ${total(stats.accepted)}: ${show(stats.accepted)}\n  refused ${total(stats.refused)}: ${show(stats.refused)}\n`,
    );
  });

  it('keep the invariants, and a rebuild of the read models equals the live ones', async () => {
    const seed = process.env.GRID_PROPERTY_SEED ? Number(process.env.GRID_PROPERTY_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 30, size: 'max' }), (steps) => runSequence(steps)),
      {
        numRuns: Number(process.env.GRID_PROPERTY_RUNS ?? 20),
        ...(seed !== undefined ? { seed } : {}),
        ...(process.env.GRID_PROPERTY_PATH ? { path: process.env.GRID_PROPERTY_PATH } : {}),
      },
    );
  });
});
