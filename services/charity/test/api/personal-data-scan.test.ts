// Fails the build if a public page or a published charity event carries personal data: a donor's name in clear, a
// 身份证 number, a phone number, a resident's person id or a household id.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryOf, CATEGORY_OWNERS } from '@grid/contracts';
import { OPENAPI_FILE } from '../../src/tools/write-openapi';
import { money, startWorld, type World } from './world';

const NAMES = ['王秀英', '李建国', '欧阳娜娜'];
// Bounded by anything but base64/hex characters: a run of digits inside a sealed value or a hash is neither.
const ID_NUMBER = /(?<![0-9A-Za-z+/])[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])\d{2}\d{3}[\dX](?![0-9A-Za-z+/=])/;
const PHONE = /(?<![0-9A-Za-z+/])1[3-9]\d{9}(?![0-9A-Za-z+/=])/;
const PERSONAL = ['h1', 'h2', 'h1-p1', 'h2-p1'];

/** Every finding in a JSON text: names in clear, ID numbers, phones, and the given ids as whole JSON strings. */
function findings(text: string, ids: readonly string[]): string[] {
  const found = NAMES.filter((n) => text.includes(n));
  if (ID_NUMBER.test(text)) found.push(`ID number ${ID_NUMBER.exec(text)![0]}`);
  if (PHONE.test(text)) found.push(`phone ${PHONE.exec(text)![0]}`);
  for (const id of ids) if (text.includes(`"${id}"`)) found.push(`id ${id}`);
  return found;
}

let w: World;
beforeAll(async () => {
  w = await startWorld();
  const on = '2020-03-05';
  const give = (donor: unknown, amountFen: number, restriction: unknown = null) =>
    w.h.post(`/v1/campaigns/${w.campaignId}/donations`, { donor, gift: money(amountFen), restriction, on }, w.tokens.staff);
  // A name that looks like a phone or an ID number is still refused nowhere: it must simply never come out in clear.
  await give({ kind: 'person', name: '王秀英' }, 10_000);
  await give({ kind: 'person', name: '李建国', unnamedInPublic: true }, 20_000);
  await give({ kind: 'person', name: '欧阳娜娜 13812345678' }, 30_000);
  await give({ kind: 'person', name: '430203199001011234' }, 30_000);
  await give({ kind: 'resident', personId: 'h1-p1' }, 40_000);
  await give({ kind: 'anonymous' }, 50_000);
  await give({ kind: 'organisation', name: '永州电力公司' }, 9_300_000, { regionId: 'dawan', purpose: 'solar-street-lights' });
  await w.h.post(`/v1/funds/${w.fundId}/allocations`, { recipient: { kind: 'household', householdId: 'h1' }, purpose: 'poverty-relief', amountFen: 5_000, on }, w.tokens.staff);
  await w.h.post(`/v1/funds/${w.fundId}/allocations`, { recipient: { kind: 'household', householdId: 'h2' }, purpose: 'poverty-relief', amountFen: 5_000, on }, w.tokens.staff);
  await w.h.post(`/v1/funds/${w.fundId}/allocations`, { recipient: { kind: 'project', projectId: 'p1' }, purpose: 'elderly-care', amountFen: 5_000, on }, w.tokens.staff);
  await w.h.service.caughtUp();
});
afterAll(() => w.h.close());

describe('personal data never goes public, nor in clear to disk or logs', () => {
  const publicPaths = Object.keys(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')).paths as Record<string, unknown>).filter((p) => p.startsWith('/v1/public/'));

  it.each(publicPaths)('%s carries none', async (path) => {
    const res = await w.h.get(path.replace('{campaignId}', w.campaignId).replace('{fundId}', w.fundId));
    expect(res.statusCode).toBe(200);
    expect(findings(res.body, PERSONAL)).toEqual([]);
  });

  it('the public campaign page masks named persons and hides the unnamed', async () => {
    const page = (await w.h.get(`/v1/public/campaigns/${w.campaignId}`)).json();
    const donors = page.latestDonations.map((d: { donor: string }) => d.donor);
    expect(donors).toEqual(expect.arrayContaining(['王**', '爱心人士', '匿名', '永州电力公司']));
  });

  it('no published charity event carries a name in clear, an ID number or a phone', async () => {
    let scanned = 0;
    for await (const e of w.h.infra.store.readAll()) {
      if ((CATEGORY_OWNERS as Record<string, string>)[categoryOf(e.streamId)] !== 'charity') continue;
      scanned += 1;
      expect({ type: e.type, found: findings(JSON.stringify(e), []) }).toEqual({ type: e.type, found: [] });
    }
    expect(scanned).toBeGreaterThan(10);
  });

  it('no file in the data folder and no log line holds a donor’s name in clear', async () => {
    // The staff read a receipt with the name in clear (an answer, not something stored).
    const donation = (await w.h.get(`/v1/campaigns/${w.campaignId}/donations`, w.tokens.staff)).json().items[0].donationId;
    expect((await w.h.get(`/v1/donations/${donation}/receipt`, w.tokens.staff)).statusCode).toBe(200);
    const escaped = (text: string) => [...text].map((c) => (c.charCodeAt(0) > 0x7f ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
    const files = readdirSync(w.h.config.dataDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name)));
    expect(NAMES.filter((n) => files.some((f) => f.includes(Buffer.from(n)) || f.includes(Buffer.from(escaped(n)))))).toEqual([]);
    expect(w.h.logLines.filter((line) => NAMES.some((n) => line.includes(n)))).toEqual([]);
  });
});
