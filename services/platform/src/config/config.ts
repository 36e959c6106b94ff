import { resolve } from 'node:path';
import { z } from 'zod';
import { MASTER_KEY_BASE64, MASTER_KEY_HINT } from '../personal-data/master-key-format';

/** Environment of a service process, validated at start so a bad value names its variable. */
const EnvShape = {
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL', 'OFF']).default('FULL'),
  /** Embedded store: sign the log's head onto anchors-log this often (docs/audit.md); 0: only by `gridctl anchor create`. */
  ANCHOR_EVERY_HOURS: z.coerce.number().min(0).max(24 * 366).default(24),
  /** charity: record overdue disclosures (慈善法 公开) this often, as POST /v1/disclosures/overdue does; 0: never on its own. */
  CHARITY_OVERDUE_DISCLOSURES_EVERY_HOURS: z.coerce.number().min(0).max(24 * 366).default(24),
  /**
   * Where the read models and the relay run on the embedded default: `worker` (a worker thread on its own
   * connections, so requests never wait behind projection work) or `inline` (the request thread). Production
   * adapters always run them inline.
   */
  READ_SIDE: z.enum(['worker', 'inline']).default('worker'),
  /**
   * How long a write waits for the read models (and reactions) to show it before answering (read-your-writes); past
   * it the write still answers, and reads catch up after. The idempotency lease is this plus 10 s.
   */
  READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How many days ahead of today a business date may take effect (a registration, a move, a grant); facts: none. */
  BUSINESS_DATE_LEAD_DAYS: z.coerce.number().int().min(0).max(366).default(31),
  /** Largest accepted request body in bytes; larger ones get 413 before any parsing. */
  HTTP_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** Requests a minute per caller (verified subject, else client address) in one process; over it: 429. */
  HTTP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  // Bearer tokens. None set: embedded mode, a key pair kept in <DATA_DIR>/keys. A key source set:
  // production, tokens come from the organisation's identity provider.
  /** https only; plain http is allowed to a loopback address, where the keys never cross a network. */
  JWT_JWKS_URL: optional(z.url({ protocol: /^https?$/ }).refine((u) => !URL.canParse(u) || u.startsWith('https:') || LOOPBACK.test(new URL(u).hostname), 'must be https')),
  /** A PEM (SPKI) public key or a public JWK as JSON. */
  JWT_PUBLIC_KEY: optional(z.string()),
  /** A file holding that key (a mounted secret); read at start. */
  JWT_PUBLIC_KEY_FILE: optional(z.string()),
  JWT_ISSUER: optional(z.string()),
  JWT_AUDIENCE: optional(z.string()),
  /** Name of this process's service (logs, Kafka client id, OTel service.name). */
  SERVICE_NAME: z.string().regex(/^[a-z][a-z0-9-]*$/).default('grid-governance'),
  // Adapters: the embedded default needs no servers; production names its servers by URL.
  EVENT_STORE: z.enum(['sqlite', 'kurrentdb']).default('sqlite'),
  BUS: z.enum(['embedded', 'kafka']).default('embedded'),
  DOCUMENT_STORE: z.enum(['sqlite', 'mongodb']).default('sqlite'),
  KURRENTDB_URL: optional(z.string().regex(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, 'must be a kurrentdb:// connection string')),
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: optional(z.string().regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port…]')),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  // Kafka's security (SASL_SSL): required with BUS=kafka unless KAFKA_ALLOW_PLAINTEXT=true names the choice.
  KAFKA_SASL_MECHANISM: optional(z.enum(['scram-sha-512', 'scram-sha-256'])),
  KAFKA_SASL_USERNAME: optional(z.string()),
  KAFKA_SASL_PASSWORD: optional(z.string()),
  /** A file holding the SASL password (a mounted secret); read at start. */
  KAFKA_SASL_PASSWORD_FILE: optional(z.string()),
  /** TLS to the brokers, verified against KAFKA_TLS_CA_FILE if given, else the system's CAs. */
  KAFKA_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  KAFKA_TLS_CA_FILE: optional(z.string()),
  /** A client certificate and its key (PEM files), for brokers that ask for one (ssl.client.auth=required). */
  KAFKA_TLS_CERT_FILE: optional(z.string()),
  KAFKA_TLS_KEY_FILE: optional(z.string()),
  /** The named opt-out: a broker without SASL and TLS, on a network only these services reach. */
  KAFKA_ALLOW_PLAINTEXT: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  MONGODB_URL: optional(z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]+$/).default('grid'),
  /** OpenTelemetry: off by default in embedded mode; on sends OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_ENABLED: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.url()),
  // Personal data (personal-data/master-key.ts): the master key wrapping every person's data key. Neither
  // set: embedded mode, a key kept in <DATA_DIR>/keys. The message never echoes the value: it is a secret.
  PERSONAL_DATA_MASTER_KEY: optional(z.string().regex(MASTER_KEY_BASE64, MASTER_KEY_HINT)),
  /** A file holding that base64 text (a mounted secret); relative to the working directory. */
  PERSONAL_DATA_MASTER_KEY_FILE: optional(z.string()),
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
const KEY_SOURCES = ['JWT_JWKS_URL', 'JWT_PUBLIC_KEY', 'JWT_PUBLIC_KEY_FILE'] as const;
/** Prefixes of security settings: a misspelt one would otherwise be dropped and its default (a weaker one) used. */
const CHECKED_PREFIXES = /^(JWT_|PERSONAL_DATA_|KAFKA_(SASL|TLS|ALLOW))/;

const EnvSchema = z.object(EnvShape).superRefine((env, ctx) => {
  // A chosen production adapter without its address is named here, at start, not at first use.
  const need = (when: boolean, key: 'KURRENTDB_URL' | 'KAFKA_BROKERS' | 'MONGODB_URL', why: string) => {
    if (when && !env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required when ${why}` });
  };
  need(env.EVENT_STORE === 'kurrentdb', 'KURRENTDB_URL', 'EVENT_STORE=kurrentdb');
  need(env.BUS === 'kafka', 'KAFKA_BROKERS', 'BUS=kafka');
  need(env.DOCUMENT_STORE === 'mongodb', 'MONGODB_URL', 'DOCUMENT_STORE=mongodb');
  // Two key sources could disagree; which one wrapped the stored keys must not depend on precedence rules.
  if (env.PERSONAL_DATA_MASTER_KEY && env.PERSONAL_DATA_MASTER_KEY_FILE) {
    ctx.addIssue({ code: 'custom', path: ['PERSONAL_DATA_MASTER_KEY_FILE'], message: 'set PERSONAL_DATA_MASTER_KEY or PERSONAL_DATA_MASTER_KEY_FILE, not both' });
  }
  kafkaSecurityIssues(env).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue }));
  const keySources = KEY_SOURCES.filter((k) => env[k]);
  if (keySources.length > 1) ctx.addIssue({ code: 'custom', path: [keySources[1]!], message: `set one of ${KEY_SOURCES.join(', ')}, not ${keySources.join(' and ')}` });
  // A production service that made its own key would accept tokens minted by anyone with a shell beside it.
  const productionAdapter = env.EVENT_STORE !== 'sqlite' || env.BUS !== 'embedded' || env.DOCUMENT_STORE !== 'sqlite';
  if (productionAdapter && keySources.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: `required with a production adapter (or ${KEY_SOURCES.slice(1).join(' or ')}): tokens come from the identity provider` });
  }
  if (keySources.length > 0) {
    for (const key of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required with an identity provider key: a token for another system must not be accepted here' });
    }
  }
});

type Env = z.infer<z.ZodObject<typeof EnvShape>>;

/** SASL needs its user and one password source; a production bus needs SASL and TLS unless plaintext is chosen by name. */
function kafkaSecurityIssues(env: Env): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  const sasl = env.KAFKA_SASL_MECHANISM !== undefined;
  if (sasl && !env.KAFKA_SASL_USERNAME) issues.push({ path: ['KAFKA_SASL_USERNAME'], message: 'required with KAFKA_SASL_MECHANISM' });
  const passwords = (['KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const).filter((k) => env[k]);
  if (sasl && passwords.length !== 1) issues.push({ path: ['KAFKA_SASL_PASSWORD_FILE'], message: 'set one of KAFKA_SASL_PASSWORD_FILE or KAFKA_SASL_PASSWORD with KAFKA_SASL_MECHANISM' });
  if (!sasl && (env.KAFKA_SASL_USERNAME || passwords.length > 0)) issues.push({ path: ['KAFKA_SASL_MECHANISM'], message: 'required with SASL credentials' });
  for (const key of ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE'] as const) {
    if (env[key] && !env.KAFKA_TLS) issues.push({ path: [key], message: 'needs KAFKA_TLS=true' });
  }
  if (Boolean(env.KAFKA_TLS_CERT_FILE) !== Boolean(env.KAFKA_TLS_KEY_FILE)) issues.push({ path: ['KAFKA_TLS_KEY_FILE'], message: 'a client certificate needs both KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE' });
  if (env.BUS === 'kafka' && !(sasl && env.KAFKA_TLS) && !env.KAFKA_ALLOW_PLAINTEXT) {
    // Anyone on the brokers' network could otherwise read every event and publish forged ones.
    issues.push({ path: [sasl ? 'KAFKA_TLS' : 'KAFKA_SASL_MECHANISM'], message: 'required with BUS=kafka: SASL credentials and TLS (KAFKA_SASL_MECHANISM and KAFKA_TLS=true), or KAFKA_ALLOW_PLAINTEXT=true to choose a plaintext, unauthenticated broker' });
  }
  return issues;
}

/** Where the key that verifies bearer tokens comes from. */
export type TokenKeySource =
  | { kind: 'embedded' }
  | { kind: 'jwks'; url: string }
  | { kind: 'public-key' }
  | { kind: 'public-key-file'; path: string };

function tokenKeySource(env: z.infer<typeof EnvSchema>): TokenKeySource {
  if (env.JWT_JWKS_URL) return { kind: 'jwks', url: env.JWT_JWKS_URL };
  if (env.JWT_PUBLIC_KEY) return { kind: 'public-key' };
  if (env.JWT_PUBLIC_KEY_FILE) return { kind: 'public-key-file', path: env.JWT_PUBLIC_KEY_FILE };
  return { kind: 'embedded' };
}

/** Compose files and manifests often pass `VAR=` for "not set": an empty value counts as absent. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

export type Config = z.infer<typeof EnvSchema> & {
  tokenKeys: TokenKeySource;
  dataDir: string;
  /** The embedded event store's file. */
  databasePath: string;
  /** The embedded bus's and read models' files: apart from the store so their writes never wait on its lock. */
  busPath: string;
  /** Read models (rebuildable from the store): synced at NORMAL. */
  documentsPath: string;
  /** Personal-data keys (rebuildable from nothing): synced at FULL, apart from the read models so their commits stay cheap. */
  keysPath: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  const unknown = Object.keys(env).filter((k) => CHECKED_PREFIXES.test(k) && !(k in EnvShape) && env[k] !== '');
  if (!parsed.success || unknown.length > 0) {
    const issues = [...(parsed.error?.issues ?? []), ...unknown.map((k) => ({ path: [k], message: 'unknown variable (misspelt?)' }))];
    const lines = issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    tokenKeys: tokenKeySource(parsed.data),
    dataDir,
    databasePath: resolve(dataDir, 'grid.db'),
    busPath: resolve(dataDir, 'bus.db'),
    documentsPath: resolve(dataDir, 'documents.db'),
    keysPath: resolve(dataDir, 'personal-data-keys.db'),
  };
}
