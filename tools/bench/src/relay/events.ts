import type { NewEvent } from '@grid/contracts';
import type { EventStore } from '@grid/platform';

/** The one event type of bench streams (`bench-*` streams are the platform's own, topic `platform.bench.v1`). */
export const EVENT_TYPE = 'platform.probe.recorded';
export const streamName = (n: number): string => `bench-${n}`;

const NOTES = [
  '网格员入户走访，了解家庭基本情况，住房条件一般，老人腿脚不便，需定期上门探视。',
  '核实低保申请材料，家庭收入低于当地最低生活保障标准，已告知办理流程及所需证明。',
  '居民反映楼道照明损坏，已转物业维修；同时登记家中老人慢性病用药情况。',
  '子女长期在外务工，老人独居，已纳入重点关注名单，每周电话联系一次。',
];
const NAMES = ['王伟', '李芳', '张娜', '刘秀英', '陈敏', '杨静', '赵丽', '黄强', '周磊', '吴军'];

/** mulberry32: seeded, so every run and machine produces the same events. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** A visit record (走访记录) of about `targetBytes` bytes of JSON, mostly Chinese text (3 bytes a character). */
function visitRecord(i: number, random: () => number, targetBytes: number): Record<string, unknown> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const record: Record<string, unknown> = {
    householdId: `HH-${String(i).padStart(8, '0')}`,
    gridId: `grid-${1 + Math.floor(random() * 400)}`,
    visitor: pick(NAMES),
    members: [pick(NAMES), pick(NAMES), pick(NAMES)],
    monthlyIncomeCents: Math.floor(random() * 800_000),
    note: '',
  };
  let note = '';
  while (jsonBytes({ ...record, note: note + NOTES[0] }) <= targetBytes) note += pick(NOTES);
  const room = Math.max(0, Math.floor((targetBytes - jsonBytes({ ...record, note })) / 3));
  record.note = note + pick(NOTES).slice(0, room);
  return record;
}

export function makeEvent(i: number, random: () => number, dataBytes: number): NewEvent {
  return {
    type: EVENT_TYPE,
    data: visitRecord(i, random, dataBytes),
    actor: { id: `bench-writer-${i % 64}`, role: 'grid-worker' },
    reason: '入户走访登记',
  };
}

/** An endless, seeded source of events (the lag phase appends as many as its duration needs). */
export function eventSource(dataBytes: number, seed = 42): () => NewEvent {
  const random = seededRandom(seed);
  let i = 0;
  return () => makeEvent(i++, random, dataBytes);
}

/**
 * Writes `count` events spread round-robin over `streams` streams (event i = revision ⌊i / streams⌋ of
 * `bench-<i mod streams>`), so consecutive events of the global log belong to different streams and
 * partitions, as in a service with many active aggregates. One round = one event per stream, submitted
 * together: the store's group commit makes it one transaction.
 */
export async function prefill(store: EventStore, count: number, streams: number, dataBytes: number): Promise<void> {
  const next = eventSource(dataBytes);
  for (let written = 0, round = 0; written < count; round += 1) {
    const inRound = Math.min(streams, count - written);
    await Promise.all(
      Array.from({ length: inRound }, (_, s) =>
        store.append(streamName(s), [next()], { expectedRevision: round === 0 ? 'no-stream' : round - 1 }),
      ),
    );
    written += inRound;
  }
}
