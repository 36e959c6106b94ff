import { checkLink, verifyStream, type ChainFault } from '@grid/platform';
import type { Envelope } from '@grid/contracts';
import { people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let worker: string;
let official: string;
let auditor: string;
let hid: string;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  worker = await gridWorker(h, 'g1', 'worker-g1');
  official = await h.token('street-official', [h.regions.s1!]);
  auditor = await h.token('auditor', [h.regions.d1!], 'auditor-qian');
  hid = (
    await h.post(
      '/v1/households',
      { gridId: h.regions.g1, address: '梅湾路12号3栋201', registration: 'urban', members: [people.head, people.spouse], on: '2020-01-10' },
      worker,
    )
  ).json().id;
});
afterAll(() => h.close());

type Shown = { relation: string; name: string | null; idNumber: string | null; phone: string | null };
const head = (body: { members: Shown[] }): Shown => body.members.find((m) => m.relation === 'head')!;
const reveals = async () =>
  (await h.infra.store.readStream(`household-${hid}`)).filter((e) => e.type === 'grid-records.household.personal-data-revealed');

describe('personal data by role', () => {
  it('grid workers in scope see it in clear', async () => {
    const body = (await h.get(`/v1/households/${hid}`, worker)).json();
    expect(body.disclosure).toBe('clear');
    expect(head(body)).toMatchObject({ name: '王秀英', idNumber: people.head.idNumber, phone: '13807461234' });
  });

  it('officials see it masked', async () => {
    const body = (await h.get(`/v1/households/${hid}`, official)).json();
    expect(body.disclosure).toBe('masked');
    expect(head(body)).toMatchObject({ name: '王**', idNumber: expect.stringMatching(/^431103\*{11}[\dX]$/), phone: '138****1234' });
    expect(body.address).toBe('梅湾路****');
    expect(JSON.stringify(body)).not.toContain(people.head.idNumber);
  });

  it('auditors see it masked, and a plain read records nothing', async () => {
    const body = (await h.get(`/v1/households/${hid}`, auditor)).json();
    expect(head(body).name).toBe('王**');
    expect(await reveals()).toHaveLength(0);
  });

  it('an auditor’s reveal is recorded as an event, with the reason, before the data is shown in clear', async () => {
    const res = await h.get(`/v1/households/${hid}?reveal=true&reason=${encodeURIComponent('纪委专项审计 2026-03')}`, auditor);
    expect(res.statusCode).toBe(200);
    expect(res.json().disclosure).toBe('clear');
    expect(head(res.json()).idNumber).toBe(people.head.idNumber);
    const [event] = await reveals();
    expect(event).toMatchObject({
      actor: { id: 'auditor-qian', role: 'auditor' },
      reason: '纪委专项审计 2026-03',
      data: { householdId: hid, view: 'household', reason: '纪委专项审计 2026-03', by: { id: 'auditor-qian', role: 'auditor' } },
    });
    expect((event!.data as { personIds: string[] }).personIds).toHaveLength(2);
    expect(res.headers.etag).toBe(`"${event!.streamRevision}"`);
  });

  it('only auditors reveal: an official asking is 403 and nothing is recorded', async () => {
    const before = (await reveals()).length;
    const res = await h.get(`/v1/households/${hid}?reveal=true&reason=curious`, official);
    expect(res.statusCode).toBe(403);
    expect(await reveals()).toHaveLength(before);
  });

  it('lists show head names by role, never revealed', async () => {
    expect((await h.get(`/v1/households?regionId=${h.regions.g1}`, worker)).json().items[0]).toMatchObject({
      headName: '王秀英',
      members: 2,
    });
    expect((await h.get(`/v1/households?regionId=${h.regions.g1}`, official)).json().items[0].headName).toBe('王**');
  });
});

describe('history', () => {
  it('serves the stream as stored envelopes whose hash chain verifies (a clear view), with data shown by role', async () => {
    const res = await h.get(`/v1/households/${hid}/history`, worker);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { chain: { ok: boolean }; events: { envelope: Envelope; shown: Record<string, unknown> }[] };
    expect(body.chain.ok).toBe(true);
    // A client re-checks every link itself from the answer alone.
    let previous: Envelope | undefined;
    const faults: ChainFault[] = [];
    for (const { envelope } of body.events) {
      const fault = checkLink(envelope, previous);
      if (fault) faults.push(fault);
      previous = envelope;
    }
    expect(faults).toEqual([]);
    expect(body.events.map((e) => e.envelope.hash)).toEqual((await h.infra.store.readStream(`household-${hid}`)).map((e) => e.hash));
    expect(await verifyStream(h.infra.store, `household-${hid}`)).toMatchObject({ ok: true });
    const registered = body.events[0]!.shown as { members: { name: string }[]; address: string };
    expect(registered.members.map((m) => m.name)).toEqual(['王秀英', '李建国']);
  });

  it('an official’s history is masked, and the server’s chain check vouches for it', async () => {
    const body = (await h.get(`/v1/households/${hid}/history`, official)).json() as { chain: { ok: boolean }; events: { shown: { members?: { name: string }[] } }[] };
    expect(body.chain.ok).toBe(true);
    expect(body.events[0]!.shown.members!.map((m) => m.name)).toEqual(['王**', '李**']);
    expect(JSON.stringify(body)).not.toContain(people.head.idNumber);
  });

  it('an auditor’s history reveal is recorded and appears in the history it reveals', async () => {
    const res = await h.get(`/v1/households/${hid}/history?reveal=true&reason=audit`, auditor);
    const events = res.json().events as { envelope: Envelope; shown: { members?: { name: string }[] } }[];
    expect(events.at(-1)!.envelope).toMatchObject({
      type: 'grid-records.household.personal-data-revealed',
      data: { view: 'history', reason: 'audit' },
    });
    expect(events[0]!.shown.members!.map((m) => m.name)).toEqual(['王秀英', '李建国']);
  });
});

describe('a masked view cannot be turned back into an ID number', () => {
  // An ID number is region (6) + birth date (8) + sequence (3) + check character: the region and the check
  // character alone leave about 33 000 candidates per birth year; a clear birth date beside 6+4 digits left 10.
  const roles = [
    ['community-official', 'c1'],
    ['street-official', 's1'],
    ['district-official', 'd1'],
    ['auditor', 'd1'],
  ] as const;

  it.each(roles)('a %s sees no birth date and no more of the number than the region code and the last character', async (role, region) => {
    const caller = await h.token(role, [h.regions[region]!], `${role}-probe`);
    const views = [`/v1/households/${hid}`, `/v1/households/${hid}/history`, `/v1/households?regionId=${h.regions.g1}`];
    for (const path of views) {
      const text = (await h.get(path, caller)).body;
      for (const person of [people.head, people.spouse]) {
        const birth = person.idNumber.slice(6, 14);
        expect({ path, clearBirthDate: text.includes(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`) }).toEqual({ path, clearBirthDate: false });
        expect({ path, birthDigits: text.includes(birth) }).toEqual({ path, birthDigits: false });
      }
    }
    const member = head((await h.get(`/v1/households/${hid}`, caller)).json()) as Shown & { birthDate: string | null; birthYear: number };
    expect(member).toMatchObject({ idNumber: `${people.head.idNumber.slice(0, 6)}***********${people.head.idNumber.slice(-1)}`, birthDate: null, birthYear: 1952 });
  });

  it('a grid worker of the grid still sees the birth date in clear', async () => {
    expect(head((await h.get(`/v1/households/${hid}`, worker)).json())).toMatchObject({ birthDate: '1952-03-14', birthYear: 1952 });
  });
});
