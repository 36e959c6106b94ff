import { ConcurrencyError, Refusal, chinaToday, newId, type CommandContext } from '@grid/platform';
import { actorOf, forbidden, notFound, type Principal } from '@grid/platform/http';
import { PersonRegisteredElsewhere } from '../application/errors';
import type { GridRecordsServices } from '../composition';
import { assertOnRoster } from '../api/on-roster';
import { HOUSEHOLD_WRITERS } from '../api/roles';
import { readRegister, type RegisterFile, type SheetRow } from './read-register';
import { headerOf, type ColumnKey } from './register-layout';
import { householdsOf, refuseWhole, type RegisterHouseholdRows, type RowError } from './register-rows';

/** The scope check the import asks (platform RegionScope: the HTTP guard's, or one over the tree in gridctl). */
export interface ImportScope {
  isWithin(principal: Principal, regionId: string): Promise<boolean>;
}

export interface ImportOptions {
  gridId: string;
  caller: Principal;
  correlationId?: string;
  /** Called after each household, with rows done and rows in all. */
  onProgress?: (done: number, total: number) => void;
}

export interface RowResult {
  rowNumber: number;
  /** imported now; skipped: imported before (same grid and head's 身份证号, the person already a member); refused: see errors. */
  outcome: 'imported' | 'skipped' | 'refused';
  errors: RowError[];
  notices: string[];
  /** The worker's own input, for the report written back to them (never logged). */
  cells: SheetRow['cells'];
}

export interface ImportReport {
  sheet: string;
  notices: string[];
  households: { imported: number; skipped: number; refused: number };
  rows: RowResult[];
}

/** What became of a household, and of each of its rows. */
interface Outcomes {
  household: RowResult['outcome'];
  rows: RowResult['outcome'][];
}

/**
 * Households written at once: their fsyncs and read-side waits overlap (10,000 rows took 90 s one at a time, 64 s eight
 * at a time, on a loaded machine: tools/bench/results/import.md). They all go to one grid, whose stream admits each
 * (regions.admitting): a household that lost that race too often is tried again whole, which its keyed ids make safe.
 */
const CONCURRENCY = 8;
const ATTEMPTS = 5;

/**
 * 户籍登记表 import, one code path for `POST /v1/imports` and `gridctl import`: the file is read and every row checked
 * first (a bad file changes nothing); then each household goes through HouseholdCommands (register, addMember,
 * certifyDisability) as the caller, like an API call. A household's ids derive from the grid and its head's keyed ID
 * hash (`idSeed`), so a re-import finds the rows written before and skips them: an interrupted import resumes.
 */
export class RegisterImports {
  constructor(
    private readonly services: GridRecordsServices,
    private readonly scope: ImportScope,
  ) {}

  async run(file: RegisterFile, options: ImportOptions): Promise<ImportReport> {
    await this.authorise(options.caller, options.gridId);
    const read = await readRegister(file);
    const households = householdsOf(read.rows, read.letters, options.gridId, chinaToday());
    const results = new Map<number, RowResult>();
    const tally = { imported: 0, skipped: 0, refused: 0 };
    let done = 0;
    const queue = [...households];
    const work = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { household, rows } = await this.importRetrying(next, options);
        tally[household] += 1;
        for (const [i, row] of next.rows.entries()) {
          const errors = next.errors.get(row.rowNumber) ?? [];
          results.set(row.rowNumber, { rowNumber: row.rowNumber, outcome: errors.length > 0 ? 'refused' : rows[i]!, errors, notices: row.notices, cells: row.cells });
        }
        done += next.rows.length;
        options.onProgress?.(done, read.rows.length);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    return { sheet: read.sheet, notices: read.notices, households: tally, rows: [...results.values()].sort((a, b) => a.rowNumber - b.rowNumber) };
  }

  /** Grid workers import into their own grids: another role is 403, a grid outside the scope (or none) 404, off the roster 403. */
  private async authorise(caller: Principal, gridId: string): Promise<void> {
    if (!HOUSEHOLD_WRITERS.includes(caller.role)) throw forbidden(`importing a register is for ${HOUSEHOLD_WRITERS.join(', ')}`);
    const node = await this.services.tree.node(gridId);
    if (!node || !['grid', 'micro-grid'].includes(node.level) || !(await this.scope.isWithin(caller, gridId))) throw notFound();
    await assertOnRoster(this.services, caller, gridId);
  }

  private async importRetrying(household: RegisterHouseholdRows, options: ImportOptions): Promise<Outcomes> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.importHousehold(household, options);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /**
   * A household new to the grid is registered; one imported before is skipped, but members the file adds to it are
   * added (rows already imported are skipped row by row), and certificates not yet recorded are recorded.
   */
  private async importHousehold(household: RegisterHouseholdRows, options: ImportOptions): Promise<Outcomes> {
    const { command } = household;
    const rows: RowResult['outcome'][] = household.rows.map(() => 'skipped');
    if (!command) return { household: 'refused', rows: rows.map(() => 'refused') };
    const { households, householdQueries, idRefs } = this.services;
    const idHashes = await Promise.all(command.members.map((m) => idRefs.of(m.idNumber)));
    const headIndex = Math.max(0, command.members.findIndex((m) => m.relation === 'head'));
    const seed = `register-import:${options.gridId}:${idHashes[headIndex]}`;
    const ctx: CommandContext = {
      actor: actorOf(options.caller),
      idSeed: seed,
      ...(options.correlationId ? { correlationId: options.correlationId } : {}),
    };
    const householdId = newId(ctx, 'household');
    try {
      if ((await householdQueries.history(householdId)).length === 0) {
        await households.register(command, ctx);
        rows.fill('imported');
      } else {
        const known = new Set((await householdQueries.view(householdId))!.members.map((m) => m.idHash));
        for (const [i, member] of command.members.entries()) {
          if (known.has(idHashes[i]!)) continue;
          await households.addMember(householdId, { member, on: command.on }, { ...ctx, idSeed: `${seed}:member:${idHashes[i]}` }).then(
            () => (rows[i] = 'imported'),
            async (error: unknown) => this.refuse(household, await this.rowErrorOf(error, household, options.caller, i), false),
          );
        }
      }
      const outcome = { household: rows.includes('imported') && rows.every((r) => r === 'imported') ? 'imported' : 'skipped', rows } as const;
      if (household.disabilities.every((d) => d === null)) return outcome;
      // After the registration, also on a resumed import: a certificate not yet recorded is recorded now.
      const view = (await householdQueries.view(householdId))!;
      for (const [i, disability] of household.disabilities.entries()) {
        const person = disability && view.members.find((m) => m.idHash === idHashes[i]);
        if (!person || person.disability) continue;
        await households
          .certifyDisability(householdId, person.personId, { ...disability, certifiedOn: command.on }, { ...ctx, idSeed: `${seed}:disability:${person.personId}` })
          .catch(async (error: unknown) => this.refuse(household, await this.rowErrorOf(error, household, options.caller, i), false));
      }
      return outcome;
    } catch (error) {
      this.refuse(household, await this.rowErrorOf(error, household, options.caller), true);
      return { household: 'refused', rows: rows.map(() => 'refused') };
    }
  }

  /** A row's refusal; `whole`: the household was not written, so its other rows are refused with it. */
  private refuse(household: RegisterHouseholdRows, refusal: { row: SheetRow; error: RowError }, whole: boolean): void {
    if (whole) refuseWhole(household, refusal.row, refusal.error);
    else household.errors.set(refusal.row.rowNumber, [refusal.error]);
  }

  /** A refusal of the commands as a row's error; anything else is not the file's fault and goes up. */
  private async rowErrorOf(error: unknown, household: RegisterHouseholdRows, caller: Principal, memberIndex = 0): Promise<{ row: SheetRow; error: RowError }> {
    const at = (field: string | undefined): [SheetRow, ColumnKey] => {
      const m = /^members\.(\d+)\.(\w+)$/.exec(field ?? '') ?? /^(member)\.(\w+)$/.exec(field ?? '');
      const row = household.rows[m && m[1] !== 'member' ? Number(m[1]) : memberIndex] ?? household.rows[0]!;
      const key = (m?.[2] === 'idNumber' || m?.[2] === 'phone' ? m[2] : field === 'address' ? 'address' : field === 'on' ? 'on' : 'name') as ColumnKey;
      return [row, key];
    };
    const rowError = (field: string | undefined, rule: string, message: string) => {
      const [row, key] = at(field);
      return { row, error: { column: headerOf(key), cell: row.cells[key]?.address ?? '', rule, message } };
    };
    if (error instanceof PersonRegisteredElsewhere) {
      const other = await this.services.householdQueries.view(error.householdId);
      if (!other || !(await this.scope.isWithin(caller, other.gridId))) {
        return rowError(error.field, 'not-registrable-here', 'this ID number cannot be registered here; the district office will follow up');
      }
      return rowError(error.field, error.rule, `this ID number is ${error.status === 'died' ? 'recorded as deceased' : 'registered'} in household ${error.householdId}`);
    }
    if (error instanceof Refusal) return rowError(error.field, error.rule, error.detail);
    throw error;
  }
}
