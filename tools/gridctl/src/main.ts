// `npm run gridctl -- <command>`: operator commands against the embedded data folder (DATA_DIR, default ./data);
// dead-letters also against the configured MongoDB.
import { ERASURE_BASES, PROGRAM_CODES, ROLE_PATTERN, type ProgramCode } from '@grid/contracts';
import { existsSync, writeFileSync } from 'node:fs';
import {
  anchorReadLog,
  askRetry,
  ConfigError,
  createAnchor,
  latestAnchor,
  latestAnchorOf,
  listDeadLetters,
  loadConfig,
  loadOrCreateAnchorKey,
  openDocuments,
  type DeadLetterFilter,
  type DocumentStore,
} from '@grid/platform';
import { withKurrentDb } from './event-store';
import { registerTemplate } from '@grid/grid-records';
import { Command, InvalidArgumentError } from 'commander';
import { aggregateAsOf, asOf, erase, overpayments, timeline, timelineText, why, withGridRecords, withInfrastructure } from './audit';
import { rebuild, replayCompare } from './read-models';
import { AUDITED, SERVICES, SERVICE_NAMES, serviceNamed } from './services';
import { issueToken } from './token';
import { rotateMaster } from './keys';
import { exportStore } from './export';
import { progressBar } from './progress';
import { exportGridRegister, importRegister } from './register';
import { verifyStore } from './verify';

export interface ProgramOptions {
  write?: (text: string) => void;
  /** Tests: throw instead of exiting, keep usage errors off stderr (set before the subcommands, which inherit it). */
  embedded?: boolean;
}

export function program({ write = (t) => process.stdout.write(t), embedded = false }: ProgramOptions = {}): Command {
  const cli = new Command('gridctl').description('grid-governance operator tool (embedded mode: DATA_DIR)').showHelpAfterError();
  if (embedded) cli.exitOverride().configureOutput({ writeErr: () => undefined });

  cli
    .command('token')
    .description('print a bearer token signed with the data folder’s key (the key the embedded server verifies with)')
    .requiredOption('--role <role>', 'a role the services register (grid-worker, district-official, auditor …)', parseRole)
    .requiredOption('--scope <regionIds...>', 'region ids the caller may act in (and below them); * for city-wide, never by default')
    .option('--sub <id>', 'subject: the user id recorded as the actor (default: <role>-cli)')
    .option('--ttl <span>', 'lifetime, seconds or a span such as 30m or 8h; at most 12h', '8h')
    .action(async (opts: { role: string; scope: string[]; sub?: string; ttl: string }) => {
      const ttl = /^\d+$/.test(opts.ttl) ? Number(opts.ttl) : opts.ttl;
      const token = await issueToken(loadConfig(), { role: opts.role, scope: opts.scope, sub: opts.sub ?? `${opts.role}-cli`, ttl });
      write(`${token}\n`);
    });

  cli
    .command('verify')
    .description('verify the event store (read only): both hash chains, positions, streams table, anchors; on KurrentDB over what the client reads')
    .option('--anchor <files...>', 'anchors published outside the system (gridctl anchor show), each checked against the log')
    .option('--threads <n>', 'embedded store: worker threads sharing the log (default: the machine’s cores; 1: this thread only)', parseThreads)
    .action(async (opts: { anchor?: string[]; threads?: number }) => {
      const config = loadConfig();
      const bar = progressBar('verify');
      let result;
      try {
        result = await verifyStore(config, opts.anchor ?? [], (position, head) => bar.update(position, head), opts.threads);
      } finally {
        bar.stop();
      }
      write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.ok) process.exitCode = 2;
    });

  cli
    .command('import')
    .description('import a 户籍登记表 (.xlsx, or .csv in UTF-8 or GBK) into a grid as the token’s caller, through the same code as POST /v1/imports (server stopped); rows imported before are skipped; exit 2 when rows were refused')
    .argument('[file]', 'the register; with --template, where to write the blank one (default 户籍登记表.xlsx)')
    .option('--grid <id>', 'the grid to import into')
    .option('--token <jwt>', 'the caller’s bearer token (default: $GRID_TOKEN)')
    .option('--report <file>', 'where the refused rows go, with an error column to fix and import again (default: <file>.report.xlsx)')
    .option('--template', 'write a blank register with drop-down lists (a 选项 sheet) instead of importing')
    .action(async (file: string | undefined, opts: { grid?: string; token?: string; report?: string; template?: boolean }) => {
      if (opts.template) {
        const out = file ?? '户籍登记表.xlsx';
        writeFileSync(out, await registerTemplate());
        write(`${JSON.stringify({ template: out }, null, 2)}\n`);
        return;
      }
      if (!file || !opts.grid) throw new InvalidArgumentError('import needs a file and --grid <id> (or --template)');
      const config = loadConfig();
      const bar = progressBar('import');
      let outcome;
      try {
        outcome = await importRegister(config, {
          file,
          gridId: opts.grid,
          token: tokenOf(opts.token),
          reportFile: opts.report ?? `${file.replace(/\.(xlsx|csv)$/i, '')}.report.xlsx`,
          onProgress: (done, total) => bar.update(done, total),
        });
      } finally {
        bar.stop();
      }
      const { report, reportFile } = outcome;
      const refusedRows = report.rows.filter((r) => r.outcome === 'refused').length;
      write(`${JSON.stringify({ sheet: report.sheet, households: report.households, rows: report.rows.length, refusedRows, notices: report.notices, report: reportFile }, null, 2)}\n`);
      if (refusedRows > 0) process.exitCode = 2;
    });

  cli
    .command('export')
    .description('write every event (events.ndjson) and a manifest signed with the anchor key (check it with tools/verify-export.mjs); with --grid, the grid’s register as an xlsx instead')
    .requiredOption('--out <path>', 'audit export: the folder for events.ndjson and manifest.json; --grid: the xlsx file')
    .option('--grid <id>', 'export this grid’s household register (户籍登记表 and 户状态 sheets), masked by the caller’s role')
    .option('--format <format>', 'with --grid: xlsx (the only one)')
    .option('--token <jwt>', 'with --grid: the caller’s bearer token (default: $GRID_TOKEN)')
    .action(async (opts: { out: string; grid?: string; format?: string; token?: string }) => {
      if (opts.grid !== undefined || opts.format !== undefined) {
        if (opts.grid === undefined || opts.format !== 'xlsx') throw new InvalidArgumentError('a register export needs --grid <id> and --format xlsx');
        const { households } = await exportGridRegister(loadConfig(), { gridId: opts.grid, token: tokenOf(opts.token), out: opts.out });
        write(`${JSON.stringify({ out: opts.out, households }, null, 2)}\n`);
        return;
      }
      const config = loadConfig();
      if (config.EVENT_STORE !== 'kurrentdb' && !existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
      const { events, head, logHash, keyId } = await exportStore(config, opts.out);
      write(`${JSON.stringify({ out: opts.out, events, head, logHash, keyId }, null, 2)}\n`);
    });

  const anchor = cli.command('anchor').description('signed checkpoints of the log (DATA_DIR/keys/anchor-ed25519.pem)');
  anchor
    .command('create')
    .description('verify the log, sign its head and append the anchor to anchors-log; prints it')
    .action(async () => {
      const config = embeddedConfig();
      const actor = { id: 'gridctl-anchor', role: 'system' } as const;
      const created =
        config.EVENT_STORE === 'kurrentdb'
          ? await withKurrentDb(config, (store) => anchorReadLog(store, loadOrCreateAnchorKey(config.dataDir), actor))
          : await createAnchor(config.databasePath, config.dataDir, actor);
      write(`${JSON.stringify(created, null, 2)}\n`);
    });
  anchor
    .command('show')
    .description('print the latest anchor, to publish outside the system (e.g. in the bureau’s public notice)')
    .action(async () => {
      const config = embeddedConfig();
      const latest = config.EVENT_STORE === 'kurrentdb' ? await withKurrentDb(config, (store) => latestAnchorOf(store)) : latestAnchor(config.databasePath);
      if (!latest) throw new Error('no anchor yet: gridctl anchor create');
      write(`${JSON.stringify(latest, null, 2)}\n`);
    });

  const keys = cli.command('keys').description('the personal-data master key (DATA_DIR/keys/personal-data-master.key, or PERSONAL_DATA_MASTER_KEY_FILE)');
  keys
    .command('rotate-master')
    .description(
      'replace the personal-data master key (stop the server first): ID numbers recorded by a v1 hash get their rows, every data key is rewrapped, the look-up keys carried over, the rotation recorded on masterkeys-log, the old key file overwritten; run again to finish an interrupted one',
    )
    .option('--sub <id>', 'the operator recorded as rotating', 'operator-cli')
    .action(async (opts: { sub: string }) => {
      const bar = progressBar('rewrap');
      let rotation;
      try {
        rotation = await rotateMaster(embeddedConfig(), opts.sub, (done, total) => bar.update(done, total));
      } finally {
        bar.stop();
      }
      write(`${JSON.stringify(rotation, null, 2)}\n`);
    });

  auditCommands(cli, write);
  deadLetterCommands(cli, write);
  return cli;
}

const SUB = ['--sub <id>', 'the auditor recorded as asking (each query is recorded on audit-<day>)', 'auditor-cli'] as const;

/** The auditors' questions and the read-model checks (docs/audit.md, "Audit queries", "Rebuild and compare"). */
function auditCommands(cli: Command, write: (text: string) => void): void {
  const json = (value: unknown) => write(`${JSON.stringify(value, null, 2)}\n`);
  cli
    .command('timeline <household>')
    .description('a household’s readable history across its streams (household, members’ person streams, cases, visits); masked')
    .option('--json', 'the whole answer as JSON')
    .option(...SUB)
    .action((householdId: string, opts: { json?: boolean; sub: string }) =>
      withGridRecords(embeddedConfig(), async (services) => {
        const answer = await timeline(services, householdId, opts.sub);
        if (opts.json) json(answer);
        else write(`${timelineText(answer.entries)}\n`);
      }),
    );
  cli
    .command('as-of <household-or-aggregate> [id]')
    .description(
      `valid at a date as known at a date, with the events that explain it and their causes: a household (as-of <household>), or any service's aggregate (as-of <aggregate> <id>, aggregate one of households, ${AUDITED.map((a) => a.aggregate.name).join(', ')})`,
    )
    .option('--valid-at <date>', 'YYYY-MM-DD (default today)', parseDate)
    .option('--known-at <time>', 'YYYY-MM-DD (its end, China time) or an ISO timestamp (default now)', parseTime)
    .option(...SUB)
    .action((subject: string, id: string | undefined, opts: { validAt?: string; knownAt?: string; sub: string }) => {
      if (id === undefined || subject === 'households')
        return withGridRecords(embeddedConfig(), async (services) => json(await asOf(services, id ?? subject, opts, opts.sub)));
      return withInfrastructure(embeddedConfig(), async (infra) => json(await aggregateAsOf(infra, subject, id, opts, opts.sub)));
    });
  cli
    .command('why <household> <status>')
    .description('why a household has a status (program code, e.g. minimum-living): commands, actors, rules, evidence, causes')
    .option(...SUB)
    .action((householdId: string, status: string, opts: { sub: string }) => {
      if (!(PROGRAM_CODES as readonly string[]).includes(status)) throw new InvalidArgumentError(`status must be one of ${PROGRAM_CODES.join(', ')}`);
      return withGridRecords(embeddedConfig(), async (services) => json(await why(services, householdId, status as ProgramCode, opts.sub)));
    });
  cli
    .command('overpayments <region>')
    .description('payments after deaths, move-outs and exits recorded late: per case and person, totals per child region')
    .option('--csv', 'one line per finding, as CSV')
    .option(...SUB)
    .action((regionId: string, opts: { csv?: boolean; sub: string }) =>
      withGridRecords(embeddedConfig(), async (services) => write(await overpayments(services, regionId, opts.sub, opts.csv === true))),
    );
  cli
    .command('erase <personId>')
    .description('删除个人信息 (PIPL 第四十七条): record the erasure, then destroy the person’s data key (stop the server first: it caches keys)')
    .requiredOption('--legal-basis <basis>', `one of ${ERASURE_BASES.join(', ')}`, parseBasis)
    .requiredOption('--reference <text>', 'the decision’s reference (文号), never an ID number')
    .option('--on <date>', 'the decision’s date (default today)', parseDate)
    .option('--sub <id>', 'the district official recorded as deciding', 'district-official-cli')
    .action((personId: string, opts: { legalBasis: (typeof ERASURE_BASES)[number]; reference: string; on?: string; sub: string }) =>
      withGridRecords(embeddedConfig(), async (services) => {
        const on = opts.on ?? services.clock.today();
        json(await erase(services, personId, { legalBasis: opts.legalBasis, reference: opts.reference, on }, opts.sub));
      }),
    );
  const SERVICE = ['--service <name>', `whose read models: ${SERVICE_NAMES.join(', ')} or all`, parseService, 'grid-records'] as const;
  cli
    .command('rebuild')
    .description('drop a service’s read models (default grid-records’) and replay them from the store (stop the server first)')
    .option(...SERVICE)
    .option('--threads <n>', 'embedded store: worker threads replaying groups of the read models (default: the machine’s cores; 1: one pass here)', parseThreads)
    .action((opts: { service: string; threads?: number }) => {
      const config = embeddedConfig();
      return withInfrastructure(config, async (infra) => json(await rebuild(infra, config, servicesOf(opts.service), opts.threads)));
    });
  cli
    .command('replay-compare')
    .description('rebuild a service’s read models into a scratch store and compare with the live ones, document by document; exit 1 on a difference')
    .option(...SERVICE)
    .action((opts: { service: string }) =>
      withInfrastructure(embeddedConfig(), async (infra) => {
        const report = await replayCompare(infra.store, infra.documents, servicesOf(opts.service));
        json(report);
        if (!report.ok) process.exitCode = 1;
      }),
    );
}

/** The configuration, with the embedded store's file there when the store is the embedded one. */
function embeddedConfig() {
  const config = loadConfig();
  if (config.EVENT_STORE === 'sqlite' && !existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
  return config;
}

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`a date YYYY-MM-DD, got "${value}"`);
  return value;
}

function parseService(value: string): string {
  if (value !== 'all' && !SERVICE_NAMES.includes(value)) throw new InvalidArgumentError(`one of ${SERVICE_NAMES.join(', ')} or all, got "${value}"`);
  return value;
}

const servicesOf = (name: string) => (name === 'all' ? SERVICES : [serviceNamed(name)]);

function parseBasis(value: string): string {
  if (!(ERASURE_BASES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${ERASURE_BASES.join(', ')}, got "${value}"`);
  return value;
}

function parseTime(value: string): string {
  if (value.length === 10) return parseDate(value);
  if (Number.isNaN(Date.parse(value)) || !/[zZ]|[+-]\d{2}:\d{2}$/.test(value)) throw new InvalidArgumentError(`a date or an ISO timestamp with offset, got "${value}"`);
  return value;
}

/** Events a store-fed projection could not apply (services/platform/src/projections/dead-letters.ts). */
function deadLetterCommands(cli: Command, write: (text: string) => void): void {
  const deadLetters = cli
    .command('dead-letters')
    .description('events a projection could not apply (its stream held back for that projection until retried)');
  const filterOptions = (command: Command) =>
    command.option('--projection <name>', 'only this projection').option('--stream <streamId>', 'only this stream');
  filterOptions(deadLetters.command('list').description('list them, oldest first (no event data)')).action(async (opts: Filter) => {
    const letters = await withDocuments((docs) => listDeadLetters(docs, filterOf(opts)));
    write(`${JSON.stringify(letters, null, 2)}\n`);
  });
  filterOptions(
    deadLetters.command('retry').description('ask the running service to apply them again, each stream from its first, in order'),
  ).action(async (opts: Filter) => {
    const asked = await withDocuments((docs) => askRetry(docs, filterOf(opts)));
    write(`${JSON.stringify({ asked }, null, 2)}\n`);
  });
}

type Filter = { projection?: string; stream?: string };
const filterOf = (opts: Filter): DeadLetterFilter => ({
  ...(opts.projection ? { projection: opts.projection } : {}),
  ...(opts.stream ? { streamId: opts.stream } : {}),
});

/** The configured document store (DATA_DIR's documents.db, or MONGODB_URL), closed afterwards. */
async function withDocuments<T>(work: (docs: DocumentStore) => Promise<T>): Promise<T> {
  const docs = await openDocuments(loadConfig());
  try {
    return await work(docs);
  } finally {
    await docs.close();
  }
}

/** The caller's token: --token, else GRID_TOKEN (kept out of the shell history). */
function tokenOf(option: string | undefined): string {
  const token = option ?? process.env.GRID_TOKEN;
  if (!token) throw new InvalidArgumentError('a bearer token is needed: --token <jwt> or GRID_TOKEN (gridctl token --role grid-worker --scope <gridId>)');
  return token;
}

function parseThreads(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('a whole number of threads, at least 1');
  return Number(value);
}

function parseRole(value: string): string {
  if (!ROLE_PATTERN.test(value)) throw new InvalidArgumentError(`role must be a kebab-case name such as grid-worker, got "${value}"`);
  return value;
}


if (require.main === module) {
  program()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `gridctl: ${(error as Error).message}\n`);
      process.exit(1);
    });
}
