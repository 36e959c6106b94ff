import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceHarness } from '@grid/platform/service';
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

/**
 * gridctl on a service harness's data folder, the server stopped: `handOver` stops the service and points DATA_DIR at
 * the folder; after the file, DATA_DIR is restored, the harness's infrastructure closed and the folder removed.
 */
export function gridctlOnHarness(): { handOver(h: ServiceHarness<unknown>): Promise<void> } {
  const saved = process.env.DATA_DIR;
  let harness: ServiceHarness<unknown> | undefined;
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = saved;
    if (harness) {
      await harness.infra.close();
      rmSync(harness.config.dataDir, { recursive: true, force: true });
    }
    process.exitCode = undefined;
  });
  return {
    async handOver(h) {
      harness = h;
      await h.service.close(); // the live read side stops: gridctl is the only writer of the read models
      process.env.DATA_DIR = h.config.dataDir;
    },
  };
}
