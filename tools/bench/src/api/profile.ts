import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** Where a frame's code lives: a package under node_modules, our workspace source, Node itself, or V8. */
function placeOf(url: string): string {
  if (url === '') return '(native / V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ours = /\/(services|tools|contracts)\/([^/]+)\/dist\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}/${ours[3]!.split('/').slice(0, -1).join('/') || '.'}`;
  if (url.startsWith('node:')) return url;
  return url;
}

/**
 * What a sample's stack was doing, by the first matching pattern anywhere in it (most specific first: a projection's
 * document write is "read models", not "document store"; a controller's synchronous call into the vault is "personal
 * data", not "HTTP"). Async stacks are cut at each await, so this splits work, not request latency.
 */
const ACTIVITIES: [string, RegExp][] = [
  ['(garbage collector)', /^:\(garbage collector\)$/],
  ['(idle)', /^:\(idle\)$/],
  ['personal data: per-person data keys (create, wrap, store, unwrap)', /personal-data\/vault\.js:(create|unwrap|keyFor|read|newKeyId)/],
  ['personal data: seal fields, ID hash', /personal-data\/(vault|crypto)\.js/],
  ['read models: projections (apply, documents)', /projections\/(projection|projection-runner)\.js/],
  ['status reactions', /status-reactions\.js/],
  ['relay to the embedded bus', /relay\/relay\.js|bus\/embedded\//],
  [
    'event store: append, group commit, fsync',
    /store\/sqlite\/(group-commit|sqlite-event-store)\.js:(appendNow|runGroup|flush|runUnit|append)|append-checks|hash-chain|envelope-builder/,
  ],
  ['event store: reads (readStream, readAll, decode)', /store\/sqlite\/|store\/subscription\.js/],
  ['grid-records application (facts, scope, decide)', /grid-records\/dist\/(application|domain|projections|api)/],
  ['document store (other reads/writes)', /documents\/sqlite/],
  [
    'HTTP stack (fastify, Nest, JWT, zod, pino)',
    /node_modules\/(fastify|@fastify|@nestjs|jose|zod|pino|rxjs|find-my-way|avvio)|platform\/dist\/(http|auth)\//,
  ],
];

/**
 * A .cpuprofile as three short lists: what the stacks were doing (activity), then self time by place (package or
 * our folder) and by function. Enough to say what bounds the server; open the file in Chrome DevTools for the tree.
 */
export function summariseProfile(file: string, top = 20): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.samples.length;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byActivity = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, count] of hits) {
    // `<path from the repository or node_modules>:<function>`, leaf first.
    const frames: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      frames.push(`${f.url.replace(/^.*?\/((services|tools|contracts)\/|node_modules\/)/, '$1')}:${f.functionName}`);
    }
    const activity = ACTIVITIES.find(([, re]) => frames.some((f) => re.test(f)))?.[0] ?? 'other';
    byActivity.set(activity, (byActivity.get(activity) ?? 0) + count);
    const frame = byId.get(id)!.callFrame;
    const place =
      frame.functionName === '(idle)' || frame.functionName === '(program)' || frame.functionName === '(garbage collector)'
        ? frame.functionName
        : placeOf(frame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + count);
    const fn = `${frame.functionName || '(anonymous)'}  ${frame.url ? `${placeOf(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, n]) => `  ${pct(n)}  ${k}`);
  const seconds = ((profile.endTime - profile.startTime) / 1e6).toFixed(1);
  return [
    `${total} samples over ${seconds} s`,
    'by activity (whole stack):',
    ...list(byActivity),
    'by place (self time):',
    ...list(byPlace),
    'by function (self time):',
    ...list(byFunction),
  ];
}
