import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { Actor, Envelope } from '@grid/contracts';
import type { AppendedEvent, EventStore } from './event-store';
import { keyIdOf, signAnchor } from './anchors';
import { anchorReadLog, latestAnchorOf } from './anchor-log';
import { auditReadLog, type ReadableLog } from './read-audit';
import type { AuditFaultKind } from './audit-report';
import { canonicalJson, sha256Hex } from './hash-chain';
import { logLink, streamsRoot } from './log-chain';
import { collect, probes } from './contract-suite-support';

/** What an insider with access to the server (not to the anchor key) can do to the log, each store in its own way. */
export interface LogTamper {
  /** Stores an envelope as given, past the store's sealing: its hash and prevHash as the forger wrote them. */
  appendForged(event: AppendedEvent): Promise<void>;
  /** Stores at the end of a stream an event that is not an envelope of ours (KurrentDB: no metadata; SQLite: a row of other text). */
  appendForeign(streamId: string): Promise<void>;
  /** Removes a stream the way named (one of TamperCases.deletions). */
  deleteStream(streamId: string, how: string): Promise<void>;
  /** Removes a stream's events before `revision` the way named (one of TamperCases.cuts). */
  cutStreamBefore(streamId: string, revision: number, how: string): Promise<void>;
}

/** The ways an insider can remove a stream or cut its start on this store, each with the fault the audit names for it. */
export interface TamperCases {
  deletions: Record<string, AuditFaultKind>;
  cuts: Record<string, AuditFaultKind>;
}

export interface AuditSubject {
  store: EventStore;
  /** How to tamper with this store's log: needed with TamperCases. */
  tamper?: LogTamper;
  cleanup: () => Promise<void>;
}

const actor: Actor = { id: 'audit-contract', role: 'system' };
const keyPair = (): KeyObject => generateKeyPairSync('ed25519').privateKey;

/**
 * The audit over what a store hands out (read-audit.ts, anchor-log.ts) on each adapter, tampered with as an insider
 * could. Every test works in its own stream category and audits only that (`scoped`), so it runs against a shared
 * server (KurrentDB) holding other data. With `cases`, the factory gives a LogTamper and the tamper cases run.
 */
export function logAuditContract(name: string, factory: () => Promise<AuditSubject>, cases?: TamperCases): void {
  describe(`${name}: the audit over the store's reads`, () => {
    let subject: AuditSubject;
    let log: ReturnType<typeof scoped>;
    let category: string;
    const stream = (name: string) => `${category}-${name}`;
    const anchors = () => stream('anchors');
    beforeEach(async () => {
      subject = await factory();
      category = `aud${randomBytes(4).toString('hex')}`;
      log = scoped(subject.store, `${category}-`);
    });
    afterEach(async () => subject.cleanup());

    /** Streams a (2 events), b (1), c (2), appended in that order, with another category's event between: positions with a gap, as on KurrentDB. */
    async function threeStreams(): Promise<Envelope[]> {
      await subject.store.append(stream('a'), probes(2), { expectedRevision: 'no-stream' });
      await subject.store.append(`other${category}-x`, probes(1), { expectedRevision: 'no-stream' });
      await subject.store.append(stream('b'), probes(1), { expectedRevision: 'no-stream' });
      await subject.store.append(stream('c'), probes(2), { expectedRevision: 'no-stream' });
      return collect(log.readAll());
    }

    test('a log written through the store verifies, and the report states its head, log chain and streams', async () => {
      const events = await threeStreams();
      const report = await auditReadLog(log, { anchorStream: anchors() });
      let link: string | null = null;
      events.forEach((e, i) => (link = logLink(link, i + 1, e.hash)));
      expect(report).toMatchObject({ ok: true, fault: null, events: 5, streams: 3, head: events[4]!.globalPosition, logHash: link });
      const last = new Map(events.map((e) => [e.streamId, e]));
      expect(report.streamsRoot).toBe(streamsRoot([...last.values()].map((e) => [e.streamId, e.streamRevision, e.hash] as const)));
    });

    test('an anchor signs the head as read, with the count of events, and the audit holds the log to it', async () => {
      const events = await threeStreams();
      const key = keyPair();
      const anchor = await anchorReadLog(log, key, actor, { anchorStream: anchors() });
      expect(anchor).toMatchObject({ position: events[4]!.globalPosition, events: 5, streams: 3 });
      expect(await latestAnchorOf(subject.store, anchors())).toEqual(anchor);
      await subject.store.append(stream('a'), probes(1, 2), { expectedRevision: 1 });
      const report = await auditReadLog(log, { anchorStream: anchors(), trustedKeyIds: [anchor.keyId] });
      expect(report).toMatchObject({ ok: true, anchorsChecked: 1, events: 7, streams: 4 });
    });

    test('a published anchor whose log chain differs from the log there is an anchor mismatch', async () => {
      const events = await threeStreams();
      const honest = await auditReadLog(log, { anchorStream: anchors() });
      const claims = { position: events[4]!.globalPosition, events: 5, logHash: sha256Hex('another history'), streams: 3, streamsRoot: honest.streamsRoot };
      const published = signAnchor({ ...claims, anchoredAt: new Date().toISOString() }, keyPair());
      const report = await auditReadLog(log, { anchorStream: anchors(), published: [published] });
      expect(report.fault).toMatchObject({ kind: 'anchor-mismatch', globalPosition: events[4]!.globalPosition });
    });

    test('a published anchor past the end of the log is a truncation', async () => {
      const events = await threeStreams();
      const honest = await auditReadLog(log, { anchorStream: anchors() });
      const claims = { position: events[4]!.globalPosition + 1000, events: 9, logHash: honest.logHash!, streams: 3, streamsRoot: honest.streamsRoot };
      const report = await auditReadLog(log, { anchorStream: anchors(), published: [signAnchor({ ...claims, anchoredAt: new Date().toISOString() }, keyPair())] });
      expect(report.fault?.kind).toBe('truncation');
    });

    test('an anchor in the log signed by a key that is not trusted is an anchor mismatch', async () => {
      await threeStreams();
      await anchorReadLog(log, keyPair(), actor, { anchorStream: anchors() });
      const trusted = keyIdOf(createPublicKey(keyPair()));
      const report = await auditReadLog(log, { anchorStream: anchors(), trustedKeyIds: [trusted] });
      expect(report.fault).toMatchObject({ kind: 'anchor-mismatch', streamId: anchors() });
    });

    if (cases) describe('tampered with as an insider could', () => {
      const tamper = (): LogTamper => subject.tamper!;

      test('an event whose data no longer hashes to its hash is a content fault', async () => {
        const events = await threeStreams();
        const head = events[4]!;
        const forged = { ...withoutPosition(head), eventId: randomUUID(), streamRevision: 2, prevHash: head.hash, data: { n: 99 } };
        await tamper().appendForged(forged);
        const report = await auditReadLog(log, { anchorStream: anchors() });
        expect(report.fault).toMatchObject({ kind: 'content', streamId: stream('c'), streamRevision: 2 });
      });

      test('an event hashed right but chained onto another event is a link fault', async () => {
        const events = await threeStreams();
        const [first, second] = events.filter((e) => e.streamId === stream('a'));
        const forged = sealed({ ...withoutPosition(second!), eventId: randomUUID(), streamRevision: 2, prevHash: first!.hash });
        await tamper().appendForged(forged);
        const report = await auditReadLog(log, { anchorStream: anchors() });
        expect(report.fault).toMatchObject({ kind: 'link', streamId: stream('a'), streamRevision: 2 });
      });

      test('an event that is not ours, behind a stream’s head, is a content fault', async () => {
        await threeStreams();
        await tamper().appendForeign(stream('b'));
        const report = await auditReadLog(log, { anchorStream: anchors() });
        expect(report.fault).toMatchObject({ kind: 'content', streamId: stream('b') });
      });

      test.each(Object.entries(cases.deletions))('a stream removed (%s) after an anchor covered it is found as %s', async (how, kind) => {
        await threeStreams();
        const anchor = await anchorReadLog(log, keyPair(), actor, { anchorStream: anchors() });
        await tamper().deleteStream(stream('b'), how);
        const report = await auditReadLog(log, { anchorStream: anchors(), published: [anchor] });
        expect(report.fault?.kind).toBe(kind);
      });

      test.each(Object.entries(cases.cuts))('a stream cut at its start (%s) is found as %s', async (how, kind) => {
        await threeStreams();
        await tamper().cutStreamBefore(stream('a'), 1, how);
        const report = await auditReadLog(log, { anchorStream: anchors() });
        expect(report.fault).toMatchObject({ kind, streamId: stream('a') });
      });
    });
  });
}

/** The store's log restricted to one category: what a test wrote, whatever else the server holds. */
function scoped(store: EventStore, prefix: string): ReadableLog & Pick<EventStore, 'append'> {
  return {
    readAll: (options) => filtered(store.readAll(options), (e) => e.streamId.startsWith(prefix)),
    readStream: (id, options) => store.readStream(id, options),
    headPosition: () => store.headPosition(),
    append: (id, events, options) => store.append(id, events, options),
  };
}

async function* filtered(events: AsyncIterable<Envelope>, keep: (e: Envelope) => boolean): AsyncIterable<Envelope> {
  for await (const e of events) if (keep(e)) yield e;
}

function withoutPosition(e: Envelope): AppendedEvent {
  const { globalPosition: _, ...rest } = e;
  return rest;
}

/** An envelope whose hash is right for its content: what a forger who knows the rule writes. */
function sealed(e: AppendedEvent): AppendedEvent {
  const { hash: _, ...part } = e;
  return { ...e, hash: sha256Hex(canonicalJson(part)) };
}
