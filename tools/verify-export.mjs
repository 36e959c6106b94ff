#!/usr/bin/env node
// Checks an export written by `gridctl export` (docs/audit.md). Node built-ins only, no project code: anyone can run it.
//
//   node verify-export.mjs <export folder> [--anchor <published anchor.json>]… [--key-id <trusted key id>]
//
// Checks: the manifest's Ed25519 signature (and its key, when --key-id is given), events.ndjson against the
// manifest's sha256, every event's hash (sha256 of the RFC 8785 text of the envelope without hash and
// globalPosition), positions contiguous from 1 (or, when the manifest says `positions: "increasing"`, as a KurrentDB
// export's commit positions are: increasing), every stream's chain (revision, prevHash), the log chain
// (link = sha256(previous link | n | hash), n the event's sequence number: its position where positions are 1, 2, 3 …),
// the head, log link and streams' root the manifest states, and every anchor (the export's own and the published
// ones: signature, the count of events when it names one, log link and streams' root at its position).
// Exit 0 when all holds, 1 with the first fault ({ kind, streamId, streamRevision, globalPosition, detail }), 2 on bad input.
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
/** RFC 8785 for what JSON.parse returns: members sorted by UTF-16 code units, strings and numbers as JSON.stringify writes them. */
const canon = (v) =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canon).join(',')}]`
      : `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;

function finish(report, code) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(code);
}
const bad = (detail) => finish({ ok: false, error: detail }, 2);
const fault = (kind, at, detail) =>
  finish({ ok: false, fault: { kind, streamId: at.streamId ?? null, streamRevision: at.streamRevision ?? null, globalPosition: at.globalPosition ?? null, detail } }, 1);

const args = process.argv.slice(2);
const published = [];
let trustedKeyId;
for (let i = args.indexOf('--anchor'); i >= 0; i = args.indexOf('--anchor')) published.push(...[JSON.parse(readFileSync(args.splice(i, 2)[1], 'utf8'))].flat());
const keyAt = args.indexOf('--key-id');
if (keyAt >= 0) trustedKeyId = args.splice(keyAt, 2)[1];
if (args.length !== 1) bad('usage: verify-export.mjs <export folder> [--anchor <file>]… [--key-id <hex>]');

let manifest;
let ndjson;
try {
  manifest = JSON.parse(readFileSync(join(args[0], 'manifest.json'), 'utf8'));
  ndjson = readFileSync(join(args[0], 'events.ndjson'));
} catch (e) {
  bad(`cannot read the export: ${e.message}`);
}
if (manifest.format !== 'grid-export-v1') bad(`unknown format ${manifest.format}`);
if (manifest.positions !== undefined && manifest.positions !== 'increasing') bad(`unknown positions ${manifest.positions}`);
const contiguous = manifest.positions === undefined;

/** Why a signed object (manifest or anchor) cannot be believed, or null. */
function signatureProblem(signed, text) {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(signed.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return 'its public key cannot be read';
  }
  if (key.asymmetricKeyType !== 'ed25519' || sha256(key.export({ type: 'spki', format: 'der' })) !== signed.keyId) return 'its key is not the key it names';
  return verify(null, Buffer.from(text), key, Buffer.from(signed.signature ?? '', 'base64')) ? null : 'its signature does not match';
}

const { signature: _signature, ...unsigned } = manifest;
const manifestProblem = signatureProblem(manifest, canon(unsigned));
if (manifestProblem) fault('manifest', {}, `manifest: ${manifestProblem}`);
if (trustedKeyId && manifest.keyId !== trustedKeyId) fault('manifest', {}, `manifest signed by key ${manifest.keyId}, not the trusted ${trustedKeyId}`);
if (sha256(ndjson) !== manifest.eventsSha256) fault('manifest', {}, 'events.ndjson is not the file the manifest signed');

const trusted = new Set([manifest.keyId, ...published.map((a) => a.keyId)]);
const anchors = new Map();
for (const [where, list] of [['anchor in the export', manifest.anchors ?? []], ['published anchor', published]]) {
  for (const a of list) {
    // KurrentDB's anchors also sign the count of events up to their position; SQLite's name none.
    const counted = a.events === undefined ? {} : { events: a.events };
    const text = canon({ position: a.position, ...counted, logHash: a.logHash, streams: a.streams, streamsRoot: a.streamsRoot, anchoredAt: a.anchoredAt, keyId: a.keyId });
    const problem = signatureProblem(a, text) ?? (trusted.has(a.keyId) ? null : 'signed by an untrusted key');
    if (problem) fault('anchor-mismatch', { globalPosition: a.position }, `${where} at position ${a.position}: ${problem}`);
    anchors.set(a.position, [...(anchors.get(a.position) ?? []), { a, where }]);
  }
}

const heads = new Map();
const root = () => sha256([...heads].map(([id, [rev, hash]]) => `${id} ${rev} ${hash}\n`).sort().join(''));
let position = 0;
let events = 0;
let link = null;
let anchorsChecked = 0;
for (const line of ndjson.toString('utf8').split('\n')) {
  if (line === '') continue;
  const { globalPosition, hash, ...envelope } = JSON.parse(line);
  const at = { streamId: envelope.streamId, streamRevision: envelope.streamRevision, globalPosition };
  if (contiguous && globalPosition !== position + 1) fault('gap', { globalPosition: position + 1 }, `positions ${position + 1}… are missing`);
  if (!contiguous && !(Number.isSafeInteger(globalPosition) && globalPosition > position)) fault('order', at, `position ${globalPosition} is not after ${position}`);
  if (sha256(canon(envelope)) !== hash) fault('content', at, 'the envelope does not hash to its hash');
  const head = heads.get(envelope.streamId);
  const expected = head ? head[0] + 1 : 0;
  if (envelope.streamRevision !== expected) fault(envelope.streamRevision < expected ? 'order' : 'gap', at, `revision ${expected} expected`);
  if (envelope.prevHash !== (head ? head[1] : null)) fault('link', at, 'prevHash is not the hash of the stream’s previous event');
  events += 1;
  link = sha256(`${link ?? ''}|${events}|${hash}`);
  heads.set(envelope.streamId, [envelope.streamRevision, hash]);
  position = globalPosition;
  for (const { a, where } of anchors.get(position) ?? []) {
    if ((a.events !== undefined && a.events !== events) || a.logHash !== link || a.streams !== heads.size || a.streamsRoot !== root()) fault('anchor-mismatch', at, `${where} (${a.anchoredAt}) differs at position ${position}`);
    anchorsChecked += 1;
  }
}
const beyond = [...anchors.keys()].find((p) => p > position);
if (beyond !== undefined) fault('truncation', { globalPosition: contiguous ? position + 1 : null }, `the export ends at ${position}; an anchor covers up to ${beyond}`);
if (position !== manifest.head || events !== manifest.events || link !== manifest.logHash || root() !== manifest.streamsRoot) {
  fault('manifest', { globalPosition: position }, 'head, log link or streams’ root differ from the manifest');
}
finish({ ok: true, events, streams: heads.size, head: position, logHash: link, anchorsChecked, keyId: manifest.keyId }, 0);
