import { XLSX_TYPE } from '../../src/api/imports.controller';
import { family, sheetRows, xlsx } from '../spreadsheets/register-files';
import { communityTokens, problemShape, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let tokens: Awaited<ReturnType<typeof communityTokens>>;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  tokens = await communityTokens(h);
});
afterAll(() => h.close());

/** A multipart/form-data body, as a browser or curl -F sends it. */
function form(fields: Record<string, string>, file?: { name: string; bytes: Buffer }): { payload: Buffer; type: string } {
  const boundary = '----grid-import-test';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function upload(body: { payload: Buffer; type: string }, token?: string, headers: Record<string, string> = {}) {
  return h.fastify.inject({
    method: 'POST',
    url: '/v1/imports',
    payload: body.payload,
    headers: { 'content-type': body.type, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

const register = async (address: string, gridId = h.regions.g1!) => form({ gridId }, { name: '登记表.xlsx', bytes: await xlsx(family(address)) });

describe('POST /v1/imports', () => {
  it('imports a register for the grid worker and answers with the households imported', async () => {
    const res = await upload(await register('梅湾路21号'), tokens.worker);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ sheet: '户籍登记', households: { imported: 1, skipped: 0, refused: 0 } });
  });

  it('answers the refused rows as a workbook with an error column when asked for xlsx', async () => {
    const rows = family('梅湾路22号');
    rows[1] = { ...rows[1], relation: '邻居' };
    const res = await upload(form({ gridId: h.regions.g1! }, { name: 'a.xlsx', bytes: await xlsx(rows) }), tokens.worker, { accept: XLSX_TYPE });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const written = await sheetRows(res.rawPayload);
    expect(written[2]!.at(-2)).toContain('B3 与户主关系: not-a-choice');
  });

  it('is 401 without a token, before the body is read', async () => {
    const res = await upload(await register('梅湾路23号'));
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('is 403 for an official: grid workers import their registers', async () => {
    const res = await upload(await register('梅湾路24号'), tokens.community);
    expect(res.statusCode).toBe(403);
  });

  it('is 404 for a grid outside the caller’s scope, exactly like an unknown grid', async () => {
    const outside = await upload(await register('梅湾路25号'), tokens.farWorker);
    const unknown = await upload(await register('梅湾路25号', '00000000-0000-4000-8000-000000000000'), tokens.farWorker);
    expect(outside.statusCode).toBe(404);
    expect(problemShape(outside)).toEqual(problemShape(unknown));
  });

  it('is 422 problem+json naming the rule and the cells for a bad file, and changes nothing', async () => {
    const rows = family('梅湾路26号');
    rows[0] = { ...rows[0], idNumber: Number(rows[0]!.idNumber) };
    const before = await h.infra.store.headPosition();
    const res = await upload(form({ gridId: h.regions.g1! }, { name: 'a.xlsx', bytes: await xlsx(rows) }), tokens.worker);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0]).toMatchObject({ rule: 'id-number-stored-as-number', field: expect.stringMatching(/^D2 /) });
    expect(await h.infra.store.headPosition()).toBe(before);
  });

  it('answers 4xx, never 5xx, for a missing file, a missing grid, a JSON body, a malformed CSV and a truncated form', async () => {
    const noFile = await upload(form({ gridId: h.regions.g1! }), tokens.worker);
    expect([noFile.statusCode, noFile.json().errors[0]]).toEqual([400, expect.objectContaining({ field: 'file', rule: 'required' })]);
    const noGrid = await upload(form({}, { name: 'a.xlsx', bytes: await xlsx(family('梅湾路27号')) }), tokens.worker);
    expect([noGrid.statusCode, noGrid.json().errors[0].field]).toEqual([400, 'gridId']);
    const json = await h.post('/v1/imports', { gridId: h.regions.g1 }, tokens.worker);
    expect(json.statusCode).toBe(415);
    const csv = await upload(form({ gridId: h.regions.g1! }, { name: 'a.csv', bytes: Buffer.from('户主姓名,姓名,身份证号\n"王,"李\n\u0000\u00ff') }), tokens.worker);
    expect(csv.statusCode).toBeGreaterThanOrEqual(400);
    expect(csv.statusCode).toBeLessThan(500);
    const whole = await register('梅湾路28号');
    const truncated = await upload({ ...whole, payload: whole.payload.subarray(0, whole.payload.length - 40) }, tokens.worker);
    expect(truncated.statusCode).toBeGreaterThanOrEqual(400);
    expect(truncated.statusCode).toBeLessThan(500);
  });

  it('logs no name or ID number of the rows it imported', async () => {
    const rows = family('梅湾路29号', '欧阳秀珍');
    await upload(form({ gridId: h.regions.g1! }, { name: 'a.xlsx', bytes: await xlsx(rows) }), tokens.worker);
    const log = h.logLines.join('\n');
    for (const row of rows) {
      expect(log).not.toContain(String(row.name));
      expect(log).not.toContain(String(row.idNumber));
    }
  });
});
