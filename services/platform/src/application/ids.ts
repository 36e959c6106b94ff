import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../decider/command-handler';
import { hashedUuid } from '../store/event-id';

/**
 * New aggregate ids for a command. A context with an id seed (an Idempotency-Key, a reaction's cause, the demo
 * seed) derives them from it: a retry whose first answer was lost names the same household (and is refused as
 * `already-exists`) instead of creating a twin. Without a seed they are random.
 */
export function newIds(ctx: CommandContext, purpose: string, count = 1): string[] {
  const seed = ctx.idSeed;
  return Array.from({ length: count }, (_, i) => (seed === undefined ? randomUUID() : hashedUuid(seed, purpose, i)));
}

export const newId = (ctx: CommandContext, purpose: string): string => newIds(ctx, purpose, 1)[0]!;
