// Grid-records events reach help-projects at least once, in any order across streams: the facts and the
// enrolments they end must not depend on that order, and replaying them again must change nothing.
import fc from 'fast-check';
import { fold } from '@grid/platform/decider';
import { evolveFacts, type GridRecordsFact } from '../../src/domain/facts/evolve-facts';
import { noFacts } from '../../src/domain/facts/household-facts';
import { projectDecider } from '../../src/domain/project/project-decider';
import type { ProjectState } from '../../src/domain/project/types';
import { HOUSEHOLD, SON, after, applyFacts, baseFacts, credit, died, enrol, extremePovertyGranted, movedOut, publish, registered, serve, statusEnded } from './fixtures';

/** The events of one household's year: grants and ends of two statuses, deaths recorded late, a move-out. */
const pool: GridRecordsFact[] = [
  registered(),
  extremePovertyGranted(),
  statusEnded('ev-tk-ended', '2025-10-31'),
  extremePovertyGranted('ev-tk2-granted', 'case-tk2', '2025-02-01'),
  statusEnded('ev-tk2-ended', '2025-08-31', 'case-tk2'),
  died('2025-07-15', '2025-09-20T00:00:00Z'),
  died('2025-11-02', '2025-11-03T00:00:00Z', 'ev-son-died', SON),
  movedOut('2025-09-01'),
];

const arrivals = fc.subarray(pool, { minLength: 1 }).chain((events) =>
  fc.tuple(fc.constant(events), fc.shuffledSubarray([...events, ...events], { minLength: events.length, maxLength: events.length * 2 }).map((xs) => [...xs, ...events])),
);

const factsFrom = (events: GridRecordsFact[]) => events.reduce(evolveFacts, noFacts(HOUSEHOLD));
const inOrder = (events: GridRecordsFact[]) => [...events].sort((a, b) => pool.indexOf(a) - pool.indexOf(b));

/** The project after each arrival is handed to it as the household's facts so far. */
function project(events: GridRecordsFact[]): ProjectState {
  const start = after(publish(), credit(), enrol(baseFacts()), serve(baseFacts(), '2025-03-10'), serve(baseFacts(), '2025-08-10'));
  let state = fold(projectDecider, start);
  let facts = noFacts(HOUSEHOLD);
  for (const e of events) {
    facts = evolveFacts(facts, e);
    state = fold(projectDecider, projectDecider.decide(applyFacts(facts), state), state);
  }
  return state;
}

describe('grid-records events in any order, delivered more than once', () => {
  test('give the same household facts as the same events in order', () => {
    fc.assert(fc.property(arrivals, ([events, shuffled]) => expect(factsFrom(shuffled)).toEqual(factsFrom(inOrder(events)))));
  });

  test('end the same enrolments on the same day for the same cause, and flag the same services', () => {
    fc.assert(
      fc.property(arrivals, ([events, shuffled]) => {
        const a = project(shuffled)!;
        const b = project(inOrder(events))!;
        expect(a.enrolments).toEqual(b.enrolments);
        expect(Object.values(a.services).filter((s) => s.flaggedBy).map((s) => s.serviceId)).toEqual(Object.values(b.services).filter((s) => s.flaggedBy).map((s) => s.serviceId));
      }),
    );
  });

  test('replaying them all a second time changes nothing', () => {
    fc.assert(
      fc.property(arrivals, ([events]) => {
        const once = factsFrom(events);
        expect(events.reduce(evolveFacts, once)).toEqual(once);
        const state = project(events);
        expect(projectDecider.decide(applyFacts(once), state)).toEqual([]);
      }),
    );
  });
});
