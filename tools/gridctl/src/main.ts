// `npm run gridctl -- <command>`: operator commands against the embedded data folder (DATA_DIR, default ./data).
import { ROLE_PATTERN } from '@grid/contracts';
import { existsSync } from 'node:fs';
import { ConfigError, createAnchor, latestAnchor, loadConfig } from '@grid/platform';
import { Command, InvalidArgumentError } from 'commander';
import { issueToken } from './token';
import { exportStore } from './export';
import { progressBar } from './progress';
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
    .description('verify the embedded event store (read only): both hash chains, positions, streams table, anchors')
    .option('--anchor <files...>', 'anchors published outside the system (gridctl anchor show), each checked against the log')
    .action((opts: { anchor?: string[] }) => {
      const config = loadConfig();
      const bar = progressBar('verify');
      let result;
      try {
        result = verifyStore(config, opts.anchor ?? [], (position, head) => bar.update(position, head));
      } finally {
        bar.stop();
      }
      write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.ok) process.exitCode = 2;
    });

  cli
    .command('export')
    .description('write every event (events.ndjson) and a manifest signed with the anchor key; check it with tools/verify-export.mjs')
    .requiredOption('--out <folder>', 'where to write events.ndjson and manifest.json')
    .action((opts: { out: string }) => {
      const config = loadConfig();
      if (!existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
      const { events, head, logHash, keyId } = exportStore(config, opts.out);
      write(`${JSON.stringify({ out: opts.out, events, head, logHash, keyId }, null, 2)}\n`);
    });

  const anchor = cli.command('anchor').description('signed checkpoints of the log (DATA_DIR/keys/anchor-ed25519.pem)');
  anchor
    .command('create')
    .description('verify the log, sign its head and append the anchor to anchors-log; prints it')
    .action(async () => {
      const config = loadConfig();
      if (config.EVENT_STORE !== 'sqlite') throw new Error(`anchor reads the embedded store; EVENT_STORE is ${config.EVENT_STORE}`);
      if (!existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
      write(`${JSON.stringify(await createAnchor(config.databasePath, config.dataDir, { id: 'gridctl-anchor', role: 'system' }), null, 2)}\n`);
    });
  anchor
    .command('show')
    .description('print the latest anchor, to publish outside the system (e.g. in the bureau’s public notice)')
    .action(() => {
      const config = loadConfig();
      if (!existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
      const latest = latestAnchor(config.databasePath);
      if (!latest) throw new Error('no anchor yet: gridctl anchor create');
      write(`${JSON.stringify(latest, null, 2)}\n`);
    });

  return cli;
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
