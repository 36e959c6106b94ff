import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inclusionProof, merkleRoot, verifyInclusion } from '@grid/contracts';
import { decided, entryHash, freeze, ids, published } from './fixtures';

const SCRIPT = resolve(__dirname, '../../../../tools/verify-roll-proof.mjs');
const entries = (n: number) => ids(n).map(entryHash);

function runChecker(proof: unknown, ...args: string[]): { status: number; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'roll-proof-')), 'proof.json');
  writeFileSync(file, JSON.stringify(proof));
  try {
    return { status: 0, out: execFileSync(process.execPath, [SCRIPT, file, ...args], { encoding: 'utf8' }) };
  } catch (e) {
    const failed = e as { status: number; stdout: string };
    return { status: failed.status, out: failed.stdout };
  }
}

describe('the roll’s Merkle commitment', () => {
  test.each([1, 2, 3, 7, 8, 20])('every entry of a roll of %i has a proof that leads to the root', (n) => {
    const root = merkleRoot(entries(n));
    for (const h of entries(n)) {
      const proof = inclusionProof(entries(n), h)!;
      expect(proof.root).toBe(root);
      expect(verifyInclusion(proof)).toBe(true);
    }
  });

  test('the root does not depend on the order entries were registered in', () => {
    expect(merkleRoot(entries(9).reverse())).toBe(merkleRoot(entries(9)));
  });

  test('an entry not on the roll has no proof', () => {
    expect(inclusionProof(entries(5), entryHash('stranger'))).toBeNull();
  });

  test('a proof for another entry, or against another root, does not verify', () => {
    const proof = inclusionProof(entries(6), entryHash('v2'))!;
    expect(verifyInclusion({ ...proof, entryHash: entryHash('v3') })).toBe(false);
    expect(verifyInclusion({ ...proof, root: merkleRoot(entries(5)) })).toBe(false);
  });

  test('the frozen roll publishes the root over its keyed entry hashes', () => {
    const [e] = decided(published(5), freeze());
    expect(e).toMatchObject({ type: 'elections.election.roll-frozen', data: { root: merkleRoot(entries(5)) } });
  });

  test('the standalone checker accepts a true proof and rejects a forged one', () => {
    const proof = inclusionProof(entries(11), entryHash('v7'))!;
    expect(runChecker(proof)).toEqual({ status: 0, out: expect.stringContaining('valid') });
    const forged = { ...proof, path: proof.path.map((s, i) => (i === 0 ? { ...s, hash: entryHash('forged') } : s)) };
    expect(runChecker(forged).status).toBe(1);
  });

  test('the standalone checker holds a proof to the root the committee published', () => {
    const proof = inclusionProof(entries(11), entryHash('v7'))!;
    expect(runChecker(proof, '--root', proof.root).status).toBe(0);
    expect(runChecker(proof, '--root', merkleRoot(entries(10))).status).toBe(1);
  });
});
