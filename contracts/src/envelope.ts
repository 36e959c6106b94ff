import { z } from 'zod';

/** `<service>.<aggregate>.<past-tense-verb>`, e.g. `grid-records.household.registered`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;
/** `<category>-<id>`: the category names the aggregate kind and so the owning service and topic. */
export const STREAM_ID_PATTERN = /^[a-z][a-z0-9]*-[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** W3C trace context `traceparent` header value. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A role name, kebab-case (`grid-worker`). Services register the roles they add; the auth layer knows that set. */
export const ROLE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const RoleSchema = z.string().max(60).regex(ROLE_PATTERN, 'role must be a kebab-case name');
export type Role = string;

export const ActorSchema = z.object({ id: z.string().min(1).max(200), role: RoleSchema });
export type Actor = z.infer<typeof ActorSchema>;

/** Business date `YYYY-MM-DD` or an ISO timestamp: when the fact took effect. */
export const BusinessTimeSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * The one envelope of every event, everywhere: store, bus, API, export (docs/architecture.md).
 * `hash` = sha256 over the RFC 8785 canonical JSON of the envelope without `hash` and `globalPosition`;
 * `prevHash` links it to the previous event of the same stream (null for the first).
 */
export const EnvelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().regex(EVENT_TYPE_PATTERN, 'type must be <service>.<aggregate>.<event>'),
  schemaVersion: z.int().min(1),
  streamId: z.string().regex(STREAM_ID_PATTERN, 'streamId must be <category>-<id>'),
  streamRevision: z.int().min(0),
  /** Store-assigned, strictly increasing across all streams; not part of the hash (see hash-chain.ts). */
  globalPosition: z.int().min(1),
  /** When it took effect (business / effective time). */
  occurredAt: BusinessTimeSchema,
  /** When the system learned it. */
  recordedAt: z.iso.datetime({ offset: true }),
  actor: ActorSchema,
  reason: z.string().max(2000).optional(),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  traceparent: z.string().regex(TRACEPARENT).nullable(),
  prevHash: z.string().regex(SHA256_HEX).nullable(),
  hash: z.string().regex(SHA256_HEX),
  data: z.record(z.string(), z.unknown()),
});

export type Envelope<TData = Record<string, unknown>> = Omit<z.infer<typeof EnvelopeSchema>, 'data'> & { data: TData };

/** What a writer supplies; the store fills in ids, positions, times and the hash chain. */
export interface NewEvent<TData = Record<string, unknown>> {
  eventId?: string;
  type: string;
  schemaVersion?: number;
  data: TData;
  occurredAt?: string;
  actor: Actor;
  reason?: string;
  correlationId?: string;
  causationId?: string | null;
  traceparent?: string | null;
}

/** The category of a stream id: `household-42` → `household`. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  if (dash <= 0) throw new Error(`stream id "${streamId}" has no category`);
  return streamId.slice(0, dash);
}
