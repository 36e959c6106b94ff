/**
 * Bench options from `--name=value` / `--name value` / `--flag` / `--no-flag`, or the environment as
 * `BENCH_NAME` (upper case, dashes as underscores). The command line wins.
 */
export class Options {
  private readonly values = new Map<string, string>();

  constructor(
    argv: string[] = process.argv.slice(2),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    for (let i = 0; i < argv.length; i += 1) {
      const arg = argv[i]!;
      if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}" (options look like --name=value)`);
      const eq = arg.indexOf('=');
      if (eq > 0) this.values.set(arg.slice(2, eq), arg.slice(eq + 1));
      else if (arg.startsWith('--no-')) this.values.set(arg.slice(5), 'false');
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) this.values.set(arg.slice(2), argv[++i]!);
      else this.values.set(arg.slice(2), 'true');
    }
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  private raw(name: string): string | undefined {
    return this.values.get(name) ?? this.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min = 1): number {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    const value = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got "${text}"`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    if (!['true', 'false', '1', '0'].includes(text)) throw new Error(`--${name} must be true or false, got "${text}"`);
    return text === 'true' || text === '1';
  }
}
