import { createHash } from 'node:crypto';

// The voter roll's commitment (the `algorithm` of elections.election.roll-frozen): a Merkle tree over the keyed
// entry hashes, so anyone holding the published root can check that one entry is on the frozen roll without
// seeing the others. It belongs to the published language so subscribers can check proofs too;
// tools/verify-roll-proof.mjs does the same with Node built-ins only: keep the two in step.

export const MERKLE_ALGORITHM = 'sha256-merkle-v1' as const;

export interface ProofStep {
  /** Where the sibling sits: hash(sibling ‖ node) when left, hash(node ‖ sibling) when right. */
  side: 'left' | 'right';
  hash: string;
}

export interface InclusionProof {
  algorithm: typeof MERKLE_ALGORITHM;
  root: string;
  entryHash: string;
  index: number;
  size: number;
  path: ProofStep[];
}

const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
/** Domain separation (as RFC 6962): a leaf can never be taken for an inner node. */
const leaf = (entryHash: string): Buffer => sha256(Buffer.from([0]), Buffer.from(entryHash, 'hex'));
const node = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.from([1]), left, right);

/** Every level from the sorted leaves up to the root; an odd last node is carried up unchanged. */
function levels(entryHashes: Iterable<string>): Buffer[][] {
  const out = [[...entryHashes].sort().map(leaf)];
  for (let level = out[0]!; level.length > 1; ) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(i + 1 < level.length ? node(level[i]!, level[i + 1]!) : level[i]!);
    out.push(up);
    level = up;
  }
  return out;
}

/** The root over the entries (sha256 of nothing for an empty roll). */
export function merkleRoot(entryHashes: Iterable<string>): string {
  const all = levels(entryHashes);
  const top = all[all.length - 1]!;
  return (top[0] ?? sha256()).toString('hex');
}

/** The proof that `entryHash` is one of the entries, or null when it is not. */
export function inclusionProof(entryHashes: Iterable<string>, entryHash: string): InclusionProof | null {
  const all = levels(entryHashes);
  const target = leaf(entryHash);
  const index = all[0]!.findIndex((h) => h.equals(target));
  if (index < 0) return null;
  const path: ProofStep[] = [];
  let i = index;
  for (const level of all.slice(0, -1)) {
    const sibling = i % 2 === 0 ? level[i + 1] : level[i - 1];
    if (sibling) path.push({ side: i % 2 === 0 ? 'right' : 'left', hash: sibling.toString('hex') });
    i = Math.floor(i / 2);
  }
  return { algorithm: MERKLE_ALGORITHM, root: all[all.length - 1]![0]!.toString('hex'), entryHash, index, size: all[0]!.length, path };
}

/** True when the proof leads from its entry to its root. */
export function verifyInclusion(proof: Pick<InclusionProof, 'root' | 'entryHash' | 'path'>): boolean {
  let h = leaf(proof.entryHash);
  for (const step of proof.path) {
    const sibling = Buffer.from(step.hash, 'hex');
    h = step.side === 'left' ? node(sibling, h) : node(h, sibling);
  }
  return h.toString('hex') === proof.root;
}
