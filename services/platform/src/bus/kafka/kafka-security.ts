import { readFile } from 'node:fs/promises';
import type { Config } from '../../config/config';

/** SCRAM credentials the broker knows (created with `kafka-storage.sh format --add-scram` or `kafka-configs.sh`). */
export type KafkaSasl = { mechanism: 'scram-sha-512' | 'scram-sha-256'; username: string; password: string } & (
  | { mechanism: 'scram-sha-512' }
  | { mechanism: 'scram-sha-256' }
);

/** TLS to the brokers: `ca` (PEM) replaces the system's CAs; `cert` and `key` (PEM) are a client certificate. */
export interface KafkaTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface KafkaSecurity {
  sasl?: KafkaSasl;
  ssl?: KafkaTls;
}

/** The bus's security from the configuration, secrets read from their files now (a missing file fails the start). */
export async function kafkaSecurityOf(config: Config): Promise<KafkaSecurity> {
  const read = (path: string | undefined) => (path ? readFile(path, 'utf8') : Promise.resolve(undefined));
  const [password, ca, cert, key] = await Promise.all([
    config.KAFKA_SASL_PASSWORD_FILE ? read(config.KAFKA_SASL_PASSWORD_FILE).then((p) => p!.trim()) : config.KAFKA_SASL_PASSWORD,
    read(config.KAFKA_TLS_CA_FILE),
    read(config.KAFKA_TLS_CERT_FILE),
    read(config.KAFKA_TLS_KEY_FILE),
  ]);
  const sasl = config.KAFKA_SASL_MECHANISM ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME!, password: password! } : undefined;
  const ssl = config.KAFKA_TLS ? { ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) } : undefined;
  return { ...(sasl ? { sasl } : {}), ...(ssl ? { ssl } : {}) };
}
