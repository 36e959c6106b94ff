#!/usr/bin/env node
// Checks that one entry is on a frozen voter roll, from an inclusion proof and the root the election
// committee published (the roll-frozen event). Node built-ins only, no project code: anyone can run it.
//
//   node verify-roll-proof.mjs proof.json [--root <published root>]     (or the proof JSON on stdin)
//
// Proof: { "algorithm": "sha256-merkle-v1", "root": hex, "entryHash": hex, "path": [{ "side": "left"|"right", "hash": hex }] }
// sha256-merkle-v1: leaf = sha256(0x00 ‖ entryHash), node = sha256(0x01 ‖ left ‖ right); a step's side is where
// the sibling sits. Exit 0 when the proof leads to the root, 1 when it does not, 2 on bad input.
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import process from 'node:process';

const HEX64 = /^[0-9a-f]{64}$/;

function finish(message, code) {
  process.stdout.write(`${message}\n`);
  process.exit(code);
}

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const publishedRoot = rootAt >= 0 ? args.splice(rootAt, 2)[1] : undefined;
let proof;
try {
  proof = JSON.parse(readFileSync(args[0] ?? 0, 'utf8'));
} catch (e) {
  finish(`cannot read the proof: ${e.message}`, 2);
}

if (proof.algorithm !== 'sha256-merkle-v1') finish(`unknown algorithm ${proof.algorithm}`, 2);
if (!HEX64.test(proof.entryHash ?? '') || !HEX64.test(proof.root ?? '') || !Array.isArray(proof.path)) {
  finish('a proof needs entryHash and root (64 hex digits) and a path', 2);
}
if (publishedRoot !== undefined && !HEX64.test(publishedRoot)) finish('--root needs 64 hex digits', 2);

let h = sha256(Buffer.from([0]), Buffer.from(proof.entryHash, 'hex'));
for (const step of proof.path) {
  if (!HEX64.test(step.hash ?? '') || (step.side !== 'left' && step.side !== 'right')) finish('each step needs a side and a hash', 2);
  const sibling = Buffer.from(step.hash, 'hex');
  h = step.side === 'left' ? sha256(Buffer.from([1]), sibling, h) : sha256(Buffer.from([1]), h, sibling);
}

const root = publishedRoot ?? proof.root;
const computed = h.toString('hex');
if (computed !== root) finish(`invalid: the proof leads to ${computed}, not to ${root}`, 1);
if (publishedRoot !== undefined && publishedRoot !== proof.root) finish('invalid: the proof names another root than the published one', 1);
finish(`valid: entry ${proof.entryHash} is on the roll committed to by ${root}`, 0);
