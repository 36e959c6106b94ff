import { createPrivateKey, createPublicKey, generateKeyPairSync, hash, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalValue } from './canonical-json';

/** The stream the anchors are appended to (docs/audit.md). */
export const ANCHOR_STREAM = 'anchors-log';
export const ANCHOR_EVENT = 'platform.anchor.recorded';

/** What an anchor fixes of the log at one position. */
export interface AnchorClaims {
  /** The last position covered. */
  position: number;
  /**
   * How many events the log holds up to it, where positions do not count them (KurrentDB: commit positions are
   * byte offsets, and the log chain runs over the events' sequence numbers). Absent where they do (SQLite).
   */
  events?: number;
  /** The log chain's link at that position (log-chain.ts). */
  logHash: string;
  /** How many streams had events up to it, and streamsRoot over their heads. */
  streams: number;
  streamsRoot: string;
  anchoredAt: string;
}

export interface SignedAnchor extends AnchorClaims {
  /** sha256 of the public key's SPKI DER, hex. */
  keyId: string;
  /** The Ed25519 public key, SPKI DER in base64: a reader checks the signature with it, and trusts it by its keyId. */
  publicKey: string;
  /** Ed25519 over anchorSigningText, base64. */
  signature: string;
}

/** The signed bytes: RFC 8785 text of the claims and the key id. */
export const anchorSigningText = (a: AnchorClaims & { keyId: string }): string =>
  canonicalValue({
    position: a.position,
    events: a.events, // left out of the text when absent, so anchors made before it still verify
    logHash: a.logHash,
    streams: a.streams,
    streamsRoot: a.streamsRoot,
    anchoredAt: a.anchoredAt,
    keyId: a.keyId,
  });

export function keyIdOf(publicKey: KeyObject): string {
  return hash('sha256', publicKey.export({ type: 'spki', format: 'der' }), 'hex');
}

export function signAnchor(claims: AnchorClaims, privateKey: KeyObject): SignedAnchor {
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  const signed = { ...claims, keyId };
  return {
    ...signed,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    signature: sign(null, Buffer.from(anchorSigningText(signed)), privateKey).toString('base64'),
  };
}

/** Why an anchor cannot be believed, or null: its key is not its keyId, not trusted (when a trust list is given), or the signature fails. */
export function anchorProblem(anchor: SignedAnchor, trustedKeyIds?: ReadonlySet<string>): string | null {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(anchor.publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return 'its public key cannot be read';
  }
  if (key.asymmetricKeyType !== 'ed25519' || keyIdOf(key) !== anchor.keyId) return 'its key is not the key it names';
  if (trustedKeyIds && !trustedKeyIds.has(anchor.keyId)) return `signed by key ${anchor.keyId.slice(0, 16)}…, not a trusted anchor key`;
  const ok = verify(null, Buffer.from(anchorSigningText(anchor)), key, Buffer.from(anchor.signature, 'base64'));
  return ok ? null : 'its signature does not match its claims';
}

/** DATA_DIR/keys/anchor-ed25519.pem: the anchor signing key, apart from the data and from the JWT keys. */
export const anchorKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'anchor-ed25519.pem');

/** The anchor key's public half when the key file exists (verify never creates it). */
export function anchorPublicKeyId(dataDir: string): string | null {
  const file = anchorKeyPath(dataDir);
  return existsSync(file) ? keyIdOf(createPublicKey(readFileSync(file))) : null;
}

/** The signing key, generated on first use: PKCS#8 PEM, mode 0600 in a 0700 folder, created once even by racing processes. */
export function loadOrCreateAnchorKey(dataDir: string): KeyObject {
  const file = anchorKeyPath(dataDir);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = createPrivateKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key`);
  return key;
}
