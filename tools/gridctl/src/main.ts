// `npm run gridctl -- <command>`: operator commands against the embedded data folder (DATA_DIR, default ./data).
import { RoleSchema } from '@grid/contracts';
import { ConfigError, loadConfig } from '@grid/platform';
import { Command, InvalidArgumentError } from 'commander';
import { issueToken } from './token';
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
    .requiredOption('--role <role>', `one of ${RoleSchema.options.join(', ')}`, (v) => parseWith(RoleSchema.options, v, 'role'))
    .requiredOption('--scope <regionIds...>', 'region ids the caller may act in (and below them); * for city-wide, never by default')
    .option('--sub <id>', 'subject: the user id recorded as the actor (default: <role>-cli)')
    .option('--ttl <span>', 'lifetime, seconds or a span such as 30m or 8h; at most 12h', '8h')
    .action(async (opts: { role: (typeof RoleSchema.options)[number]; scope: string[]; sub?: string; ttl: string }) => {
      const ttl = /^\d+$/.test(opts.ttl) ? Number(opts.ttl) : opts.ttl;
      const token = await issueToken(loadConfig(), { role: opts.role, scope: opts.scope, sub: opts.sub ?? `${opts.role}-cli`, ttl });
      write(`${token}\n`);
    });

  cli
    .command('verify')
    .description('verify every stream’s hash chain in the embedded event store (read only)')
    .action(async () => {
      // A running count only on a terminal: in a pipe or a log it would be noise.
      const tty = process.stderr.isTTY === true;
      const result = await verifyStore(
        loadConfig(),
        tty ? (n) => process.stderr.write(`\r  ${n.toLocaleString('en-US')} events checked`) : undefined,
      );
      if (tty) process.stderr.write('\n');
      write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.ok) process.exitCode = 2;
    });

  return cli;
}

function parseWith<T extends string>(allowed: readonly T[], value: string, what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`${what} must be one of ${allowed.join(', ')}`);
  return value as T;
}

if (require.main === module) {
  program()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `gridctl: ${(error as Error).message}\n`);
      process.exit(1);
    });
}
