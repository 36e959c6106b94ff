import { createHash } from 'node:crypto';
import type { Actor, CommitteeKind } from '@grid/contracts';
import { hashedUuid, newId, type CommandContext } from '@grid/platform';

/** Recorded on every seeded event (`reason`), as grid-records' seed does: an auditor tells demo data from real records. */
export const SEED_REASON = '演示数据 · demo seed';
const SEED = 2020;

/** A community or village of the demo district, from elections' own region directory. */
export interface SeedCommunity {
  regionId: string;
  name: string;
  kind: CommitteeKind;
}

/** The election committee (选举委员会) of a community: who runs its elections in the seed. */
export const committeeActor = (regionId: string): Actor => ({ id: `seed-election-committee-${regionId}`, role: 'election-committee' });

/** The same key, the same ids on every run (as an Idempotency-Key's): a seeded election's id is known ahead. */
export const seedCtx = (key: string, actor: Actor): CommandContext => ({
  actor,
  correlationId: `elections-seed-${SEED}`,
  reason: SEED_REASON,
  idSeed: hashedUuid('elections.seed', SEED, key, 0),
});

/** The id `ElectionCommands.create` gives the election called under `key`. */
export const seededElectionId = (key: string): string => newId(seedCtx(key, committeeActor('any')), 'election');

/** A draw in [0, 1) from a key: the same key, the same draw, with no generator state to thread through. */
export const draw = (key: string): number => createHash('sha256').update(`${SEED}:${key}`).digest().readUInt32BE(0) / 0x1_0000_0000;
