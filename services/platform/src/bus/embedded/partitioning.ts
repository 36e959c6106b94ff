/**
 * Partition of a key: FNV-1a (32 bit) over its UTF-8 bytes, modulo the partition count. Stable across
 * processes and releases, which per-key order depends on: changing it re-partitions a live log.
 */
export function partitionFor(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** Kafka's rule for topic names, enforced here too so nothing works embedded that Kafka would refuse. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function assertTopicName(topic: string): void {
  if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
    throw new Error(`"${topic}" is not a valid topic name (1–249 of [a-zA-Z0-9._-])`);
  }
}
