import { z } from 'zod';
import { defineEvent } from '../registry';

/**
 * The platform's own probe event: written by contract suites, health checks and benchmarks
 * (streams `test-*` and `bench-*`), never by a service.
 */
export const probeRecorded = defineEvent({
  type: 'platform.probe.recorded',
  schemaVersion: 1,
  description: 'A probe written by platform tests and benchmarks (平台自检事件).',
  data: z.object({ n: z.int(), note: z.string().optional(), payload: z.record(z.string(), z.unknown()).optional() }),
});

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

/**
 * A signed checkpoint of the whole log (stream `anchors-log`, docs/audit.md): the log chain's link and the root
 * over every stream's head at one position (and the count of events up to it, on KurrentDB), signed with the data folder's Ed25519 anchor key. Published outside
 * the system too (`gridctl anchor show`), so a rewrite of what it covers is found by `gridctl verify --anchor`.
 */
export const anchorRecorded = defineEvent({
  type: 'platform.anchor.recorded',
  schemaVersion: 1,
  description: 'A signed checkpoint of the event log (日志锚点): position, log chain link, root over every stream’s head.',
  data: z.object({
    position: z.int().min(1),
    /** Events up to the position, where positions do not count them (KurrentDB); absent on SQLite. */
    events: z.int().min(1).optional(),
    logHash: Sha256Hex,
    streams: z.int().min(0),
    streamsRoot: Sha256Hex,
    anchoredAt: z.iso.datetime({ offset: true }),
    keyId: Sha256Hex,
    publicKey: Base64,
    signature: Base64,
  }),
});

const Kebab = z.string().regex(/^[a-z][a-z0-9-]{0,59}$/);

/**
 * Stream `auditlog-<service>-<YYYY-MM-DD>` (the day asked, UTC): an as-of question about an aggregate a service declares
 * (grid-records' household questions keep their own, `grid-records.audit.query-recorded`). Ids and dates only, never
 * personal data (PIPL 第五十一条: access is accountable). Internal: not relayed.
 */
export const auditQueryAsked = defineEvent({
  type: 'platform.audit.query-recorded',
  schemaVersion: 1,
  description: 'An audit query was asked of a service (审计查询留痕): which question, about which aggregate, with which dates, by whom.',
  data: z.object({
    service: Kebab,
    query: z.enum(['as-of']),
    subject: z.object({ aggregate: Kebab, id: z.string().min(1).max(200) }),
    /** Dates and timestamps only. */
    parameters: z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), z.union([z.iso.date(), z.iso.datetime({ offset: true })])),
    by: z.object({ id: z.string().min(1).max(200), role: z.string().min(1).max(60) }),
  }),
});

const MasterKeyId = z.string().regex(/^[0-9a-f]{16}$/, 'a master key fingerprint: 16 hex');

/**
 * Stream `masterkeys-log`: the personal-data master key was replaced (`gridctl keys rotate-master`, docs/audit.md
 * "Closing v1"). Fingerprints and counts only: no key, no personal data. Internal: not relayed.
 */
export const masterKeyRotatedV1 = defineEvent({
  type: 'platform.personal-data.master-key-rotated',
  schemaVersion: 1,
  description:
    'The personal-data master key was replaced (个人信息主密钥轮换): every data key rewrapped under the new one, the ID look-up ' +
    'and keyId keys carried over, the old key (and with it the v1 idHash key) destroyed next.',
  data: z.object({
    /** Fingerprints of the master key replaced and of its successor. */
    from: MasterKeyId,
    to: MasterKeyId,
    /** ID numbers the log recorded by their v1 idHash that got their id-refs row before the old key went. */
    adoptedIdNumbers: z.int().min(0),
    /** Data keys rewrapped (a resumed rotation: by the run that finished it). */
    rewrappedKeys: z.int().min(0),
    resumed: z.boolean(),
  }),
});

export const masterKeyRotated = defineEvent({
  ...masterKeyRotatedV1,
  schemaVersion: 2,
  description: `${masterKeyRotatedV1.description} v2: \`skippedIdNumbers\`, numbers recorded by a v1 idHash no sealed copy of which opened.`,
  data: masterKeyRotatedV1.data.extend({
    /** ID numbers recorded by a v1 idHash none of whose sealed copies opened (an error, not an erasure): no row. */
    skippedIdNumbers: z.int().min(0),
  }),
  // A v1 rotation skipped none: a copy that did not open stopped it then.
  upcastFrom: (previous) => ({ ...previous, skippedIdNumbers: previous.skippedIdNumbers ?? 0 }),
});

export const platformEvents = [probeRecorded, anchorRecorded, auditQueryAsked, masterKeyRotatedV1, masterKeyRotated];
