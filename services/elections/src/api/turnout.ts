import type { ElectionView } from '../projections/elections.projection';

/** 参选率: ballots issued in the first round over registered voters (the figures seed 000 gives per street). */
export function turnout(elections: readonly ElectionView[]) {
  const registered = elections.reduce((n, e) => n + e.roll.size, 0);
  const voted = elections.reduce((n, e) => n + Object.values(e.voted).reduce((a, b) => a + b, 0), 0);
  return { elections: elections.length, registered, voted, percent: registered === 0 ? null : Math.round((voted * 1000) / registered) / 10 };
}
