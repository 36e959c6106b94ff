import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openInfrastructure, type Config } from '@grid/platform';
import { RegionScope, createLogger, createTokenVerifier, type Principal } from '@grid/platform/http';
import { startService } from '@grid/platform/service';
import { RegisterImports, exportRegister, gridRecords, refusalReport, type GridRecordsServices, type ImportReport } from '@grid/grid-records';

/**
 * grid-records on the data folder (DATA_DIR) in this process, without HTTP, as the caller the token names (checked
 * with the data folder's key, like the embedded server does): the same application objects the API calls. Run it
 * while the server is stopped; against a running server, POST /v1/imports takes the same file through the same code.
 */
async function asCaller<T>(config: Config, token: string, run: (services: GridRecordsServices, scope: RegionScope, caller: Principal) => Promise<T>): Promise<T> {
  const caller = await (await createTokenVerifier(config)).verify(token);
  const infra = await openInfrastructure(config);
  try {
    // stdout is the command's answer: the service's start-up lines stay out of it, warnings go to stderr.
    const logger = createLogger({ level: 'warn', destination: process.stderr });
    const service = await startService(gridRecords, infra, { config, port: false, logger });
    try {
      return await run(service.services, new RegionScope(service.services.tree), caller);
    } finally {
      await service.close();
    }
  } finally {
    await infra.close();
  }
}

export interface ImportOutcome {
  report: ImportReport;
  /** Where the refused rows were written, when any were. */
  reportFile: string | null;
}

/** `gridctl import <file> --grid <id>`: the register imported as the token's caller; refused rows written to `reportFile`. */
export function importRegister(
  config: Config,
  options: { file: string; gridId: string; token: string; reportFile: string; onProgress?: (done: number, total: number) => void },
): Promise<ImportOutcome> {
  const bytes = readFileSync(options.file);
  return asCaller(config, options.token, async (services, scope, caller) => {
    const imports = new RegisterImports(services, scope);
    const report = await imports.run({ name: basename(options.file), bytes }, { gridId: options.gridId, caller, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const refused = report.rows.some((r) => r.outcome === 'refused' || r.notices.length > 0);
    if (refused) writeFileSync(options.reportFile, await refusalReport(report), { mode: 0o600 });
    return { report, reportFile: refused ? options.reportFile : null };
  });
}

/** `gridctl export --grid <id> --format xlsx`: the grid's register as the token's caller may see it. */
export function exportGridRegister(config: Config, options: { gridId: string; token: string; out: string }): Promise<{ households: number }> {
  return asCaller(config, options.token, async (services, scope, caller) => {
    const { workbook, households } = await exportRegister(services, scope, caller, options.gridId);
    writeFileSync(options.out, workbook, { mode: 0o600 });
    return { households };
  });
}
