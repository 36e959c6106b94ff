import { createHash, randomUUID } from 'node:crypto';
import type { CommandContext } from '@grid/platform';

/**
 * New aggregate ids for a command. Under an Idempotency-Key the context carries stable event ids, and the new
 * ids derive from them: a retry whose first answer was lost names the same household (and is refused as
 * `already-exists`) instead of creating a twin. Without a key they are random.
 */
export function newIds(ctx: CommandContext, purpose: string, count = 1): string[] {
  const seed = ctx.eventIds?.[0];
  return Array.from({ length: count }, (_, i) => (seed === undefined ? randomUUID() : derivedUuid(`${seed}\n${purpose}\n${i}`)));
}

export const newId = (ctx: CommandContext, purpose: string): string => newIds(ctx, purpose, 1)[0]!;

/** An RFC 9562 version-8 UUID from a hash, as the platform derives event ids. */
function derivedUuid(text: string): string {
  const b = createHash('sha256').update(text).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
