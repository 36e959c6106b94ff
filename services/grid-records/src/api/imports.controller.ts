import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Caller, HttpProblem, HttpResult, RegionScope, Route, ok, readUpload, validationFailed, type Principal } from '@grid/platform/http';
import type { GridRecordsServices } from '../composition';
import { BadRegisterFile } from '../spreadsheets/read-register';
import { RegisterImports, type ImportReport } from '../spreadsheets/import-register';
import { refusalReport } from '../spreadsheets/register-workbooks';
import { HOUSEHOLD_WRITERS, SERVICES } from './roles';
import { ImportFormSchema, ImportResultSchema } from './schemas/imports.schemas';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 户籍登记表 import: the same code as `gridctl import` (spreadsheets/import-register.ts). */
@Controller('v1/imports')
export class ImportsController {
  private readonly imports: RegisterImports;

  constructor(@Inject(SERVICES) services: GridRecordsServices, @Inject(RegionScope) scope: RegionScope) {
    this.imports = new RegisterImports(services, scope);
  }

  @Route({
    method: 'POST',
    path: '',
    roles: HOUSEHOLD_WRITERS,
    tags: ['imports'],
    status: 200,
    summary: { zh: '导入户籍登记表 (xlsx/csv)', en: 'Import a household register (xlsx or csv)' },
    description:
      'multipart/form-data with `gridId` and `file` (.xlsx, or .csv in UTF-8 or GBK). Rows already imported are skipped, so a re-import resumes. ' +
      'A bad file is 422 and changes nothing. With `Accept: ' + XLSX_TYPE + '` the answer is the refused rows as a workbook with an error column, to fix and import again.',
    response: ImportResultSchema,
    upload: ImportFormSchema,
  })
  async import(@Req() request: FastifyRequest, @Caller() caller: Principal) {
    const upload = await readUpload(request);
    const form = ImportFormSchema.safeParse(upload.fields);
    if (!form.success) throw validationFailed([{ field: 'gridId', rule: 'required', message: 'the form needs the grid to import into (gridId)' }]);
    let report: ImportReport;
    try {
      report = await this.imports.run({ name: upload.filename, bytes: upload.bytes }, { gridId: form.data.gridId, caller, correlationId: request.id });
    } catch (error) {
      if (!(error instanceof BadRegisterFile)) throw error;
      throw new HttpProblem(422, 'bad-register-file', 'Unprocessable Content', `the file was not imported: ${error.faults[0]!.message}`, error.faults.map((f) => ({ ...f })));
    }
    if (String(request.headers.accept ?? '').includes(XLSX_TYPE)) {
      return new HttpResult(200, await refusalReport(report), { 'content-type': XLSX_TYPE, 'content-disposition': 'attachment; filename="import-report.xlsx"' });
    }
    return ok({
      sheet: report.sheet,
      notices: report.notices,
      households: report.households,
      rows: report.rows.filter((r) => r.outcome === 'refused' || r.notices.length > 0).map(({ cells: _input, ...row }) => row),
    });
  }
}
