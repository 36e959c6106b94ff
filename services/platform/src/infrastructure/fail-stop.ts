/**
 * A failed fsync of a file whose acknowledged writes must survive (the event store, the embedded bus, the
 * personal-data keys): exit non-zero at once, as PostgreSQL does, because after it nobody knows what the file
 * holds; a restart recovers from what SQLite's WAL really has on disk. `what` names the file for the operator.
 */
export function failStop(what: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`FATAL ${what}: WAL sync failed, stopping (${(error as Error).message})\n`);
    process.exit(70); // EX_SOFTWARE
  };
}
