import type { NewEvent } from '@grid/contracts';

/** The one event type every bench event carries (DESIGN: `<service>.<aggregate>.<past-tense-verb>`). */
export const EVENT_TYPE = 'platform.probe.recorded';
export const streamName = (n: number): string => `bench-${n}`;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
];
const DISTRICTS = ['朝阳区', '海淀区', '东城区', '西城区', '丰台区', '石景山区', '通州区', '昌平区'];
const STREETS = ['望京街道', '和平里街道', '学院路街道', '八里庄街道', '建外街道', '大屯街道', '马连道街道', '永定路街道'];
const COMMUNITIES = ['花家地北里社区', '望京西园三区社区', '和平里东街社区', '六道口社区', '静安里社区', '安慧里社区'];
const RELATIONS = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹'];
const TAGS = ['低保户', '独居老人', '残疾人', '退役军人', '失业人员', '留守儿童', '重点关注', '流动人口'];
const OCCUPATIONS = ['退休', '个体经营', '企业职工', '学生', '无业', '灵活就业', '公务员', '农民工'];
const NOTES = [
  '网格员入户走访，了解家庭基本情况，住房条件一般，老人腿脚不便，需定期上门探视。',
  '核实低保申请材料，家庭收入低于当地最低生活保障标准，已告知办理流程及所需证明。',
  '居民反映楼道照明损坏，已转物业维修；同时登记家中老人慢性病用药情况。',
  '子女长期在外务工，老人独居，已纳入重点关注名单，每周电话联系一次。',
];

/** mulberry32: a small seeded PRNG, so every run (and every machine) generates the same rows. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const utf8Bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** A household register entry (户籍/走访记录) of about `targetBytes` UTF-8 bytes of JSON, mostly Chinese. */
export function householdRecord(i: number, random: () => number, targetBytes: number): Record<string, unknown> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const name = () => pick(SURNAMES) + pick(GIVEN);
  const members = Array.from({ length: 2 + Math.floor(random() * 3) }, (_, m) => ({
    name: name(),
    relation: m === 0 ? '户主' : pick(RELATIONS),
    idCardMasked: `1101${String(Math.floor(random() * 100)).padStart(2, '0')}********${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
    birthDate: `19${40 + Math.floor(random() * 60)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    ethnicity: random() < 0.9 ? '汉族' : '回族',
    occupation: pick(OCCUPATIONS),
  }));
  const record: Record<string, unknown> = {
    householdId: `HH-${String(i).padStart(8, '0')}`,
    address: `北京市${pick(DISTRICTS)}${pick(STREETS)}${1 + Math.floor(random() * 30)}号楼${1 + Math.floor(random() * 6)}单元${100 + Math.floor(random() * 1800)}室`,
    community: pick(COMMUNITIES),
    gridId: `grid-${1 + Math.floor(random() * 400)}`,
    members,
    tags: [pick(TAGS), pick(TAGS)],
    monthlyIncomeCents: Math.floor(random() * 800_000),
    visitedOn: `2025-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    note: '',
  };
  // Pad the note with visit text until the record reaches the target size (3 bytes per character).
  let note = '';
  while (utf8Bytes({ ...record, note: note + NOTES[0] }) <= targetBytes) note += pick(NOTES);
  const room = Math.max(0, Math.floor((targetBytes - utf8Bytes({ ...record, note })) / 3));
  record.note = note + pick(NOTES).slice(0, room);
  return record;
}

/** `count` new events (writer-supplied parts only: the store fills in ids, times and hashes). */
export function makeEvents(count: number, dataBytes: number, seed = 42): NewEvent[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    type: EVENT_TYPE,
    data: householdRecord(i, random, dataBytes),
    actor: { id: `bench-writer-${i % 64}`, role: 'grid-worker' as const },
    reason: '入户走访登记',
  }));
}

/** One stream's share of the events, in revision order. */
export interface StreamPlan {
  streamId: string;
  events: NewEvent[];
}

/** Spreads the events round-robin over `streams` streams: event i is revision ⌊i / streams⌋ of stream i mod streams. */
export function spreadOver(events: NewEvent[], streams: number): StreamPlan[] {
  const plans: StreamPlan[] = Array.from({ length: Math.min(streams, events.length) }, (_, s) => ({ streamId: streamName(s), events: [] }));
  events.forEach((e, i) => plans[i % plans.length]!.events.push(e));
  return plans;
}

/** Cuts the events into streams of `perStream` consecutive events (the batch layout). */
export function chunkInto(events: NewEvent[], perStream: number): StreamPlan[] {
  const plans: StreamPlan[] = [];
  for (let i = 0; i < events.length; i += perStream)
    plans.push({ streamId: streamName(plans.length), events: events.slice(i, i + perStream) });
  return plans;
}

export const sizeOf = (events: NewEvent[]): number => events.reduce((sum, e) => sum + utf8Bytes(e.data), 0) / Math.max(1, events.length);
