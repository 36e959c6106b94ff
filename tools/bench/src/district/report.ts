import { formatMarkdownTable } from '../lib/table';
import type { BatchMark } from './checkpoint';
import type { Latency, StepResult } from './steps';

/** One bench:district run: a district of `households`, every figure the issue asks for (results/district.json). */
export interface DistrictRun {
  households: number;
  events: number;
  generation: {
    wallMs: number;
    cpuMs: number;
    rssMb: number;
    householdsPerSec: number;
    cpuMsPerHousehold: number;
    eventsPerHousehold: number;
    /** The checkpoint's marks, one per batch: the generation's own growth curve. */
    marks?: BatchMark[];
  };
  files: Record<string, number>;
  steps: Record<string, StepResult>;
  verdicts: { figure: string; value: number; target: string; met: boolean }[];
  date: string;
  environment: object;
}

const TARGETS: { figure: string; target: string; of: (r: DistrictRun) => number | undefined; met: (v: number) => boolean }[] = [
  { figure: 'rebuild all read models, s', target: '< 120', of: (r) => r.steps.rebuild && r.steps.rebuild.ms / 1000, met: (v) => v < 120 },
  {
    figure: 'gridctl verify, events/s',
    target: '≥ 200,000',
    of: (r) => r.steps.verify?.eventsPerSec as number | undefined,
    met: (v) => v >= 200_000,
  },
  { figure: 'household history p99, ms', target: '< 5', of: (r) => lat(r, 'householdHistory')?.p99, met: (v) => v < 5 },
  { figure: 'as-of p99, ms', target: '< 20', of: (r) => lat(r, 'asOf')?.p99, met: (v) => v < 20 },
  { figure: 'district statistics (max of 10), ms', target: '< 100', of: (r) => lat(r, 'districtStatistics')?.max, met: (v) => v < 100 },
  { figure: 'a street’s monthly roster (max of 5), ms', target: '< 1,000', of: (r) => lat(r, 'streetRoster')?.max, met: (v) => v < 1000 },
  {
    figure: 'peak RSS of any step, MB',
    target: '< 1,536',
    of: (r) =>
      Math.max(
        r.generation.rssMb,
        ...Object.values(r.steps).map((s) => s.peakRssMb),
        (r.steps.verify?.singleThread as { peakRssMb?: number } | undefined)?.peakRssMb ?? 0,
      ),
    met: (v) => v < 1536,
  },
];

const lat = (r: DistrictRun, name: string): Latency | undefined => (r.steps.reads?.[name] ?? r.steps[name]?.[name]) as Latency | undefined;

export function verdictsOf(run: DistrictRun): DistrictRun['verdicts'] {
  return TARGETS.flatMap((t) => {
    const value = t.of(run);
    return value === undefined ? [] : [{ figure: t.figure, value: Number(value.toFixed(2)), target: t.target, met: t.met(value) }];
  });
}

const n = (v: number | undefined, digits = 0) => (v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));

/** district.md: the figures of every size side by side (the prose around them is in tools/bench/README.md). */
export function districtMarkdown(runs: DistrictRun[]): string {
  const sizes = runs.map((r) => `${n(r.households)} households`);
  const row = (label: string, of: (r: DistrictRun) => string) => [label, ...runs.map(of)];
  const latency = (name: string, label: string) =>
    row(label, (r) => {
      const l = lat(r, name);
      return l ? `${l.p50} / ${l.p99} (${l.cpuMsPerOp} CPU)` : '–';
    });
  const step = (name: string) => (r: DistrictRun) => {
    const s = r.steps[name];
    return s ? `${n(s.ms / 1000, 1)} s, ${n(s.cpuMs / 1000, 1)} s CPU, ${n(s.peakRssMb)} MB` : '–';
  };
  const table = formatMarkdownTable(
    ['', ...sizes],
    [
      row('events', (r) => n(r.events)),
      row(
        'generation: wall, CPU, RSS',
        (r) => `${n(r.generation.wallMs / 1000)} s, ${n(r.generation.cpuMs / 1000)} s CPU, ${n(r.generation.rssMb)} MB`,
      ),
      row(
        'generation: households/s, CPU ms a household',
        (r) => `${n(r.generation.householdsPerSec, 1)}, ${n(r.generation.cpuMsPerHousehold, 1)}`,
      ),
      row('verify: wall, CPU, peak RSS', step('verify')),
      row(
        'verify: events/s (CPU µs an event); one thread (its own process’s peak RSS)',
        (r) => {
          const one = r.steps.verify?.singleThread as { eventsPerSec: number; cpuMicrosPerEvent: number; peakRssMb?: number } | undefined;
          const rss = one?.peakRssMb === undefined ? '' : `, ${n(one.peakRssMb)} MB`;
          const single = one ? `; ${n(one.eventsPerSec)} (${one.cpuMicrosPerEvent}${rss})` : '';
          return `${n(r.steps.verify?.eventsPerSec as number)} (${String(r.steps.verify?.cpuMicrosPerEvent ?? '–')})${single}`;
        },
      ),
      row('rebuild: wall, CPU, peak RSS', step('rebuild')),
      row('rebuild: events/s', (r) => n(r.steps.rebuild?.eventsPerSec as number)),
      latency('householdView', 'household read p50 / p99 ms'),
      latency('householdHistory', 'household history p50 / p99 ms'),
      latency('auditHistory', 'as-of’s read alone (its streams) p50 / p99 ms'),
      latency('asOf', 'as-of p50 / p99 ms'),
      latency('why', 'why (a household’s program: causes and effects through the store) p50 / p99 ms'),
      latency('districtStatistics', 'district statistics p50 / p99 ms'),
      latency('streetRoster', 'street monthly roster p50 / p99 ms'),
      row('reads step: peak RSS', (r) => `${n(r.steps.reads?.peakRssMb)} MB`),
      row('catch-up after 10,000 commands', (r) => {
        const c = r.steps['catch-up'];
        return c ? `${n((c.catchUpMs as number) / 1000, 1)} s for ${n(c.events as number)} events, ${n(c.peakRssMb)} MB` : '–';
      }),
      row('files: grid.db / documents.db / bus.db / keys, MB', (r) =>
        ['grid.db', 'documents.db', 'bus.db', 'personal-data-keys.db'].map((f) => n((r.files[f] ?? 0) / 1e6)).join(' / '),
      ),
    ],
  );
  const verdicts = formatMarkdownTable(
    ['target', ...sizes],
    TARGETS.map((t) => [
      `${t.figure} ${t.target}`,
      ...runs.map((r) => {
        const v = r.verdicts.find((x) => x.figure === t.figure);
        return v ? `${n(v.value, 2)} ${v.met ? 'met' : '**missed**'}` : '–';
      }),
    ]),
  );
  return `${table}\n\n${verdicts}\n`;
}

/**
 * district.svg: CPU time (wall measures the neighbours here) of generation, verify, rebuild and reads, and peak RSS, against events, one point per
 * district size, each with a dashed line from the origin through its largest point (what linear growth would be).
 */
export function districtSvg(runs: DistrictRun[]): string {
  const sorted = [...runs].sort((a, b) => a.events - b.events);
  /** A series' points: per batch for the generation (the largest run's marks), per district size for the steps. */
  type Series = { label: string; colour: string; points: (readonly [number, number])[] };
  const perRun = (label: string, colour: string, of: (r: DistrictRun) => number | undefined): Series => ({
    label,
    colour,
    points: sorted.flatMap((r) => {
      const v = of(r);
      return v === undefined || !Number.isFinite(v) ? [] : [[r.events, v] as const];
    }),
  });
  const marks = sorted.at(-1)?.generation.marks ?? [];
  const perMark = (label: string, colour: string, of: (m: BatchMark) => number): Series => ({
    label,
    colour,
    points: marks.map((m) => [m.events, of(m)] as const),
  });
  const series = {
    time: [
      perMark('generation', '#1f77b4', (m) => m.cpuMs / 1000),
      perRun('rebuild', '#d62728', (r) => r.steps.rebuild && r.steps.rebuild.cpuMs / 1000),
      perRun('verify', '#2ca02c', (r) => r.steps.verify && r.steps.verify.cpuMs / 1000),
      perRun('reads (500 × 4 + statistics + roster)', '#9467bd', (r) => r.steps.reads && r.steps.reads.cpuMs / 1000),
    ],
    memory: [
      perMark('generation (RSS at each batch)', '#1f77b4', (m) => m.rssMb),
      perRun('rebuild', '#d62728', (r) => r.steps.rebuild?.peakRssMb),
      perRun('verify', '#2ca02c', (r) => r.steps.verify?.peakRssMb),
      perRun('reads', '#9467bd', (r) => r.steps.reads?.peakRssMb),
      perRun('catch-up', '#ff7f0e', (r) => r.steps['catch-up']?.peakRssMb),
    ],
  };
  const W = 380,
    H = 260,
    M = { l: 56, r: 12, t: 28, b: 40 };
  const xMax = Math.max(1, ...sorted.map((r) => r.events)) * 1.05;
  const panel = (title: string, list: Series[], dx: number) => {
    const yMax = Math.max(1, ...list.flatMap((s) => s.points.map(([, v]) => v))) * 1.1;
    const x = (v: number) => dx + M.l + (v / xMax) * (W - M.l - M.r);
    const y = (v: number) => M.t + (1 - v / yMax) * (H - M.t - M.b);
    const ticks = [0, 0.25, 0.5, 0.75, 1];
    const parts = [
      `<text x="${dx + M.l}" y="16" font-weight="bold">${title}</text>`,
      `<line x1="${x(0)}" y1="${y(0)}" x2="${x(xMax)}" y2="${y(0)}" stroke="#000"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(yMax)}" stroke="#000"/>`,
      ...ticks.map(
        (t) =>
          `<text x="${x(t * xMax)}" y="${y(0) + 14}" text-anchor="middle">${fmt(t * xMax)}</text><text x="${x(0) - 4}" y="${y(t * yMax) + 4}" text-anchor="end">${fmt(t * yMax)}</text>`,
      ),
      `<text x="${x(xMax / 2)}" y="${H - 8}" text-anchor="middle">events</text>`,
    ];
    list.forEach((s, i) => {
      const { points } = s;
      if (points.length === 0) return;
      const last = points.at(-1)!;
      parts.push(
        `<line x1="${x(0)}" y1="${y(0)}" x2="${x(last[0])}" y2="${y(last[1])}" stroke="${s.colour}" stroke-dasharray="3 3" opacity="0.5"/>`,
      );
      parts.push(
        `<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')}"/>`,
      );
      if (points.length <= 6)
        parts.push(...points.map(([a, b]) => `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="3" fill="${s.colour}"/>`));
      parts.push(`<text x="${x(0) + 8}" y="${M.t + 12 + i * 13}" fill="${s.colour}">${s.label}</text>`);
    });
    return parts.join('\n');
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    panel('CPU time, s, against events (dashed: linear)', series.time, 0),
    panel('peak RSS, MB, against events', series.memory, W),
    '</svg>',
    '',
  ].join('\n');
}

const fmt = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${Math.round(v / 1e3)}k` : String(Math.round(v)));
