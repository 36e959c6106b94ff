import { resolve } from 'node:path';
import { z } from 'zod';

/** Environment of a service process, validated at start so a bad value names its variable. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL', 'OFF']).default('FULL'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body in bytes; larger ones get 413 before any parsing. */
  HTTP_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  // Bearer tokens. None set: embedded mode, a key pair kept in <DATA_DIR>/keys. Either key source set:
  // production, tokens come from the organisation's identity provider.
  JWT_JWKS_URL: optional(z.url({ protocol: /^https?$/ })),
  /** A PEM (SPKI) public key or a public JWK as JSON. */
  JWT_PUBLIC_KEY: optional(z.string()),
  JWT_ISSUER: optional(z.string()),
  JWT_AUDIENCE: optional(z.string()),
});

/** Compose files and manifests often pass `VAR=` for "not set": an empty value counts as absent. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

export type Config = z.infer<typeof EnvSchema> & { dataDir: string; databasePath: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const dataDir = resolve(parsed.data.DATA_DIR);
  return { ...parsed.data, dataDir, databasePath: resolve(dataDir, 'grid.db') };
}
