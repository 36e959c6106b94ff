import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { program } from '../src/main';

/** A fresh DATA_DIR for every test of the file (set in the environment, restored and removed after); returns it. */
export function useScratchDataDir(prefix: string): () => string {
  let dir = '';
  const saved = process.env.DATA_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    process.env.DATA_DIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
    process.exitCode = undefined;
  });
  return () => dir;
}

/** gridctl in this process, on the embedded store of DATA_DIR; what it printed. */
export async function gridctl(...args: string[]): Promise<string> {
  let out = '';
  await program({ write: (text) => (out += text), embedded: true }).parseAsync(['node', 'gridctl', ...args]);
  return out;
}
