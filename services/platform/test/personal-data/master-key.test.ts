import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, embeddedMasterKeyPath, loadConfig, loadMasterKey } from '@grid/platform';

/** The ConfigError message a call throws. */
function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the personal-data master key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'grid-master-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('from the environment', () => {
    it('decodes PERSONAL_DATA_MASTER_KEY and creates no file', () => {
      const key = randomBytes(32);
      expect(loadMasterKey(loadConfig({ DATA_DIR: dir, PERSONAL_DATA_MASTER_KEY: key.toString('base64') }))).toEqual(key);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('refuses a bad key at loadConfig, naming the variable and never echoing the value', () => {
      for (const bad of ['secret', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), randomBytes(32).toString('hex'), `${randomBytes(32).toString('base64')}\n`]) {
        const message = configError(() => loadConfig({ DATA_DIR: dir, PERSONAL_DATA_MASTER_KEY: bad }));
        expect(message).toMatch(/PERSONAL_DATA_MASTER_KEY: must be 32 random bytes in base64/);
        expect(message).not.toContain(bad.trim());
      }
    });

    it('an empty value counts as unset, like every other variable', () => {
      expect(loadConfig({ PERSONAL_DATA_MASTER_KEY: '', PERSONAL_DATA_MASTER_KEY_FILE: '' }).PERSONAL_DATA_MASTER_KEY).toBeUndefined();
    });

    it('refuses both sources at once', () => {
      const key = randomBytes(32).toString('base64');
      expect(configError(() => loadConfig({ PERSONAL_DATA_MASTER_KEY: key, PERSONAL_DATA_MASTER_KEY_FILE: '/run/secrets/k' }))).toMatch(
        /PERSONAL_DATA_MASTER_KEY_FILE: set PERSONAL_DATA_MASTER_KEY or PERSONAL_DATA_MASTER_KEY_FILE, not both/,
      );
    });

    it('reads PERSONAL_DATA_MASTER_KEY_FILE (a mounted secret, trailing newline allowed)', () => {
      const key = randomBytes(32);
      const file = join(dir, 'master.key');
      writeFileSync(file, `${key.toString('base64')}\n`);
      expect(loadMasterKey(loadConfig({ DATA_DIR: dir, PERSONAL_DATA_MASTER_KEY_FILE: file }))).toEqual(key);
    });

    it('a missing or bad PERSONAL_DATA_MASTER_KEY_FILE is a ConfigError naming the variable', () => {
      const file = join(dir, 'master.key');
      expect(configError(() => loadMasterKey(loadConfig({ DATA_DIR: dir, PERSONAL_DATA_MASTER_KEY_FILE: file })))).toMatch(/PERSONAL_DATA_MASTER_KEY_FILE: .*does not exist/);
      writeFileSync(file, randomBytes(32)); // raw bytes, not base64 text
      expect(configError(() => loadMasterKey(loadConfig({ DATA_DIR: dir, PERSONAL_DATA_MASTER_KEY_FILE: file })))).toMatch(/PERSONAL_DATA_MASTER_KEY_FILE: .*must be 32 random bytes/);
    });

    it('is required with MongoDB: replicas sharing the keys collection must share the master key', () => {
      const config = loadConfig({ DATA_DIR: dir, DOCUMENT_STORE: 'mongodb', MONGODB_URL: 'mongodb://localhost', JWT_PUBLIC_KEY_FILE: '/k', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' });
      expect(configError(() => loadMasterKey(config))).toMatch(/PERSONAL_DATA_MASTER_KEY: required when DOCUMENT_STORE=mongodb/);
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  describe('embedded mode', () => {
    const file = () => embeddedMasterKeyPath(dir);

    it('creates <dataDir>/keys/personal-data-master.key once, mode 0600, and reuses it', () => {
      const first = loadMasterKey(loadConfig({ DATA_DIR: dir }));
      expect(first).toHaveLength(32);
      expect(file()).toBe(join(dir, 'keys', 'personal-data-master.key'));
      expect(statSync(file()).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'keys')).mode & 0o077).toBe(0);
      const text = readFileSync(file(), 'utf8');
      expect(Buffer.from(text.trim(), 'base64')).toEqual(first);
      expect(loadMasterKey(loadConfig({ DATA_DIR: dir }))).toEqual(first);
      expect(readFileSync(file(), 'utf8')).toBe(text);
      expect(readdirSync(join(dir, 'keys'))).toEqual(['personal-data-master.key']); // no temporary file left
    });

    it('a process that loses the creation race uses the winner\'s key', () => {
      const winner = randomBytes(32);
      // The module object itself (an `import *` namespace is a copy under swc's interop, so spying on it misses).
      const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
      const realLink = fs.linkSync;
      jest.spyOn(fs, 'linkSync').mockImplementation((from, to) => {
        writeFileSync(to, `${winner.toString('base64')}\n`, { mode: 0o600 }); // the other process got there first
        realLink(from, to);
      });
      expect(loadMasterKey(loadConfig({ DATA_DIR: dir }))).toEqual(winner);
      expect(readdirSync(join(dir, 'keys'))).toEqual(['personal-data-master.key']);
    });

    it('tightens a key file whose mode was widened (a copied data folder)', () => {
      const key = randomBytes(32);
      mkdirSync(join(dir, 'keys'));
      writeFileSync(file(), key.toString('base64'));
      chmodSync(file(), 0o644);
      expect(loadMasterKey(loadConfig({ DATA_DIR: dir }))).toEqual(key);
      expect(statSync(file()).mode & 0o777).toBe(0o600);
    });

    it('never replaces an unreadable key file: that would erase every person', () => {
      mkdirSync(join(dir, 'keys'));
      writeFileSync(file(), 'garbage', { mode: 0o600 });
      expect(configError(() => loadMasterKey(loadConfig({ DATA_DIR: dir })))).toMatch(/personal-data-master\.key must be 32 random bytes/);
      expect(readFileSync(file(), 'utf8')).toBe('garbage');
    });
  });
});
