import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { loadConfig } from '../../src/config/config';
import { createTokenVerifier, InvalidTokenError } from '@grid/platform/http';

const sign = (key: CryptoKey, alg: string, claims: { iss?: string; aud?: string; kid?: string; exp?: string } = {}) =>
  new SignJWT({ role: 'district-official', scope: ['d1'] })
    .setProtectedHeader({ alg, ...(claims.kid ? { kid: claims.kid } : {}) })
    .setSubject('official-7')
    .setIssuer(claims.iss ?? 'https://idp.example')
    .setAudience(claims.aud ?? 'grid')
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '5m')
    .sign(key);

const production = { DATA_DIR: '/nonexistent/never-used', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' };

describe('production token verification', () => {
  it('verifies EdDSA tokens against a PEM public key, with issuer and audience', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const verifier = await createTokenVerifier(loadConfig({ ...production, JWT_PUBLIC_KEY: await exportSPKI(publicKey) }));
    expect(await verifier.verify(await sign(privateKey, 'EdDSA'))).toEqual({ sub: 'official-7', role: 'district-official', scope: ['d1'] });
    await expect(verifier.verify(await sign(privateKey, 'EdDSA', { iss: 'https://evil.example' }))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifier.verify(await sign(privateKey, 'EdDSA', { aud: 'other' }))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('verifies ES256 tokens against a public JWK', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const verifier = await createTokenVerifier(loadConfig({ ...production, JWT_PUBLIC_KEY: JSON.stringify(await exportJWK(publicKey)) }));
    expect((await verifier.verify(await sign(privateKey, 'ES256'))).role).toBe('district-official');
  });

  it('reads the public key from JWT_PUBLIC_KEY_FILE, the mounted secret of compose and k8s', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const dir = mkdtempSync(join(tmpdir(), 'jwt-key-'));
    try {
      writeFileSync(join(dir, 'jwt-public.pem'), await exportSPKI(publicKey));
      const verifier = await createTokenVerifier(loadConfig({ ...production, JWT_PUBLIC_KEY_FILE: join(dir, 'jwt-public.pem') }));
      expect((await verifier.verify(await sign(privateKey, 'ES256'))).sub).toBe('official-7');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a token that lives longer than 12 hours, even from the identity provider', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const verifier = await createTokenVerifier(loadConfig({ ...production, JWT_PUBLIC_KEY: JSON.stringify(await exportJWK(publicKey)) }));
    expect((await verifier.verify(await sign(privateKey, 'ES256', { exp: '12h' }))).sub).toBe('official-7');
    await expect(verifier.verify(await sign(privateKey, 'ES256', { exp: '30 days' }))).rejects.toThrow(/lifetime/);
  });

  it('refuses symmetric algorithms even with a matching secret', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const verifier = await createTokenVerifier(loadConfig({ ...production, JWT_PUBLIC_KEY: JSON.stringify(await exportJWK(publicKey)) }));
    const hs = await new SignJWT({ role: 'service', scope: ['*'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode('secret-secret-secret-secret-32by'));
    await expect(verifier.verify(hs)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  describe('with a JWKS endpoint', () => {
    let server: Server;
    let url: string;
    let privateKey: CryptoKey;
    beforeAll(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] });
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(jwks));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the keys and verifies by kid', async () => {
      const verifier = await createTokenVerifier(loadConfig({ ...production, JWT_JWKS_URL: url }));
      expect((await verifier.verify(await sign(privateKey, 'ES256', { kid: 'k1' }))).sub).toBe('official-7');
      await expect(verifier.verify(await sign(privateKey, 'ES256', { kid: 'unknown' }))).rejects.toBeInstanceOf(InvalidTokenError);
    });
  });

  it('reads empty variables as unset', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/x', JWT_JWKS_URL: '', JWT_PUBLIC_KEY: '' });
    expect(config.JWT_JWKS_URL).toBeUndefined();
    expect(config.JWT_PUBLIC_KEY).toBeUndefined();
    expect(() => loadConfig({ JWT_JWKS_URL: 'not a url' })).toThrow(/JWT_JWKS_URL/);
  });
});
