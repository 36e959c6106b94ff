// gridctl token against a scratch data folder: a printed token is one the server's own verifier accepts (verify: verify.test.ts).
import { loadConfig } from '@grid/platform';
import { createTokenVerifier } from '@grid/platform/http';
import { gridctl as run, useScratchDataDir } from './scratch';

let dir: string;
const scratch = useScratchDataDir('gridctl-');
beforeEach(() => {
  dir = scratch();
});

describe('gridctl token', () => {
  test('prints a token the embedded server accepts, with the role, scope and subject asked for', async () => {
    const token = (await run('token', '--role', 'grid-worker', '--scope', 'grid-7', '--sub', 'gw-101', '--ttl', '1h')).trim();
    // The verifier the server builds from the same data folder (createHttpApp's default).
    const verifier = await createTokenVerifier(loadConfig({ DATA_DIR: dir }));
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'gw-101', role: 'grid-worker', scope: ['grid-7'] });
  });

  test('defaults: a subject named after the role, 8 hours; the scope is never defaulted to city-wide', async () => {
    const token = (await run('token', '--role', 'auditor', '--scope', 'd1')).trim();
    const principal = await (await createTokenVerifier(loadConfig({ DATA_DIR: dir }))).verify(token);
    expect(principal).toEqual({ sub: 'auditor-cli', role: 'auditor', scope: ['d1'] });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(8 * 3600);
    await expect(run('token', '--role', 'auditor')).rejects.toThrow(/--scope/);
  });

  test('refuses a lifetime over 12 hours', async () => {
    await expect(run('token', '--role', 'auditor', '--scope', 'd1', '--ttl', '13h')).rejects.toThrow(/12 h/);
  });

  test.each([
    ['EVENT_STORE', 'kurrentdb', { KURRENTDB_URL: 'kurrentdb://k:2113' }],
    ['DOCUMENT_STORE', 'mongodb', { MONGODB_URL: 'mongodb://m/grid' }],
  ])('refuses production configuration (%s=%s)', async (key, value, extra) => {
    const env = { [key]: value, ...extra, JWT_PUBLIC_KEY_FILE: '/run/secrets/jwt', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' };
    Object.assign(process.env, env);
    try {
      await expect(run('token', '--role', 'auditor', '--scope', 'd1')).rejects.toThrow(/identity provider/);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });

  test('refuses a role that is not a role name (which roles exist, the services register; the server refuses others)', async () => {
    await expect(run('token', '--role', 'Mayor!', '--scope', 'd1')).rejects.toThrow(/kebab-case/);
  });

  test('refuses to mint when an identity provider issues the tokens', async () => {
    Object.assign(process.env, { JWT_JWKS_URL: 'https://idp.example/jwks.json', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' });
    try {
      await expect(run('token', '--role', 'auditor', '--scope', 'd1')).rejects.toThrow(/identity provider/);
    } finally {
      for (const k of ['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE']) delete process.env[k];
    }
  });
});
