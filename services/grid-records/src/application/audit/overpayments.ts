import type { Envelope, ProgramCode } from '@grid/contracts';
import type { EventStore } from '@grid/platform';
import { PROGRAMS, caseStream, overpaidMonths, type IsoDate, type OverpaidMonth, type StandardsSet } from '../../domain';
import { evolveCaseView, type CaseView } from '../../projections/assistance/case-view';
import type { RegionTree } from '../../projections/regions/region-tree';
import type { RegionRecordsReader } from '../statistics/region-records';

/** One end recorded after its effective date, with the months paid in between. */
export interface OverpaymentFinding {
  /** The child of the asked region the household lies in (the asked region itself for a grid). */
  regionId: string;
  householdId: string;
  caseId: string;
  program: ProgramCode;
  term: string;
  /** Whose payments: the person of a person status, the members a household status stopped covering. */
  personIds: string[];
  cause: string;
  /** The end event: its position in the log, the last day in force, the day it was recorded (China). */
  position: number;
  endedOn: IsoDate;
  recordedOn: IsoDate;
  months: OverpaidMonth[];
  amountFen: number;
}

export interface RegionOverpayments {
  regionId: string;
  findings: OverpaymentFinding[];
  /** Per child region (street, community …) of the asked one: findings, persons, months and amount. */
  regions: { regionId: string; name: string | null; findings: number; persons: number; months: number; amountFen: number }[];
  totalFen: number;
}

const ENDS = new Set([
  'grid-records.assistance.ended',
  'grid-records.assistance.exited',
  'grid-records.assistance.cancelled',
  'grid-records.assistance.coverage-ended',
]);

/** The calendar day in China (UTC+8) of a recorded timestamp. */
const chinaDay = (iso: string): IsoDate => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** Every end of this case recorded after its effective date that left months paid, as findings (region filled by the caller). */
export function caseOverpayments(events: readonly Envelope[], book: readonly StandardsSet[]): Omit<OverpaymentFinding, 'regionId'>[] {
  const findings: Omit<OverpaymentFinding, 'regionId'>[] = [];
  let before: CaseView | null = null;
  for (const e of events) {
    const after = evolveCaseView(before, e);
    const data = e.data as { endedOn?: IsoDate; cause?: string; wasGranted?: boolean; coveredPersonId?: string; personId?: string | null };
    if (before && after && ENDS.has(e.type) && data.endedOn && !(e.type.endsWith('.cancelled') && !data.wasGranted)) {
      const recordedOn = chinaDay(e.recordedAt);
      const months = data.endedOn < recordedOn ? overpaidMonths(before, after, data.endedOn, recordedOn, book) : [];
      if (months.length > 0) {
        const persons = data.coveredPersonId
          ? [data.coveredPersonId]
          : before.personId
            ? [before.personId]
            : before.coverage.filter((m) => m.until === null || m.until > data.endedOn!).map((m) => m.personId);
        findings.push({
          householdId: before.householdId,
          caseId: before.caseId,
          program: before.program,
          term: PROGRAMS[before.program].term,
          personIds: persons,
          cause: data.cause ?? e.type.slice(e.type.lastIndexOf('.') + 1),
          position: e.globalPosition,
          endedOn: data.endedOn,
          recordedOn,
          months,
          amountFen: months.reduce((t, m) => t + m.overFen, 0),
        });
      }
    }
    before = after;
  }
  return findings;
}

/**
 * 超发 finder: for every death, move-out, exit or annulment recorded after the day it took effect, the months paid
 * in between, per case and person, with totals per child region of the asked one.
 */
export class OverpaymentFinder {
  constructor(
    private readonly store: EventStore,
    private readonly records: RegionRecordsReader,
    private readonly tree: RegionTree,
    private readonly standards: readonly StandardsSet[],
  ) {}

  async find(regionId: string): Promise<RegionOverpayments> {
    const { households, cases } = await this.records.read(regionId);
    const children = await this.tree.children(regionId, { includeClosed: true });
    const childOf = new Map<string, string>();
    const regionOfGrid = async (gridId: string): Promise<string> => {
      if (!childOf.has(gridId)) {
        const path = [...((await this.tree.node(gridId))?.path ?? []), gridId];
        childOf.set(gridId, children.find((c) => path.includes(c.regionId))?.regionId ?? regionId);
      }
      return childOf.get(gridId)!;
    };
    const findings: OverpaymentFinding[] = [];
    for (const c of cases) {
      const found = caseOverpayments(await this.store.readStream(caseStream(c.caseId)), this.standards);
      if (found.length === 0) continue;
      const gridId = households.get(c.householdId)?.gridId;
      const region = gridId ? await regionOfGrid(gridId) : regionId;
      findings.push(...found.map((f) => ({ regionId: region, ...f })));
    }
    findings.sort((a, b) => a.regionId.localeCompare(b.regionId) || a.householdId.localeCompare(b.householdId) || a.position - b.position);
    const names = new Map(children.map((c) => [c.regionId, c.name]));
    const totals = new Map<string, RegionOverpayments['regions'][number]>();
    for (const f of findings) {
      const t = totals.get(f.regionId) ?? { regionId: f.regionId, name: names.get(f.regionId) ?? null, findings: 0, persons: 0, months: 0, amountFen: 0 };
      t.findings += 1;
      t.persons += f.personIds.length;
      t.months += f.months.length;
      t.amountFen += f.amountFen;
      totals.set(f.regionId, t);
    }
    return { regionId, findings, regions: [...totals.values()], totalFen: findings.reduce((t, f) => t + f.amountFen, 0) };
  }
}

const CSV_COLUMNS = ['regionId', 'householdId', 'caseId', 'program', 'term', 'personIds', 'cause', 'endedOn', 'recordedOn', 'months', 'amountFen', 'amountYuan'];
const cell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The findings as CSV, one line per finding (ids and amounts only: no names). */
export function overpaymentsCsv(report: RegionOverpayments): string {
  const lines = report.findings.map((f) =>
    [f.regionId, f.householdId, f.caseId, f.program, f.term, f.personIds.join(' '), f.cause, f.endedOn, f.recordedOn, f.months.map((m) => m.month).join(' '), String(f.amountFen), (f.amountFen / 100).toFixed(2)]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...lines].join('\n')}\n`;
}
