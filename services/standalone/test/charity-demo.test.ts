// The charity demo of `npm start`: 冷水滩区慈善总会's 2020 after seeds 002/004, seeded after grid-records' demo district
// through charity's own commands. Its figures add up to the seeds', its receipts run without gaps, the 定向 gift goes
// to 大湾村 only, allocations reach 特困/低保 households' aid history in grid-records and a help project's budget, one
// campaign is overdue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '@grid/contracts';
import { charity } from '@grid/charity';
import { gridRecords } from '@grid/grid-records';
import { helpProjects } from '@grid/help-projects';
import { loadConfig, openInfrastructure, type Config, type Infrastructure } from '@grid/platform';
import { createLogger, signEmbeddedToken } from '@grid/platform/http';
import { mountServices, type DemoInfo, type MountedServices } from '@grid/platform/service';

let dir: string;
let config: Config;
let infra: Infrastructure;
let mounted: MountedServices;
let info: DemoInfo;
let events: Envelope[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'charity-demo-'));
  config = loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF', HOST: '127.0.0.1', LOG_LEVEL: 'silent', READ_SIDE: 'inline' });
  infra = await openInfrastructure(config);
  mounted = await mountServices([gridRecords, helpProjects, charity], infra, { config, port: 0, logger: createLogger({ level: 'silent' }) });
  const signal = new AbortController().signal;
  for (const s of mounted.services) {
    const seeded = await s.definition.demo!.seed({ services: s.services, store: infra.store, size: 400, signal, progress: () => undefined, caughtUp: () => s.caughtUp() } as never);
    if (s.definition.name === 'charity') info = seeded!;
  }
  for (const s of mounted.services) await s.caughtUp();
  events = [];
  for await (const e of infra.store.readAll()) events.push(e);
}, 240_000);
afterAll(async () => {
  await mounted?.close();
  await infra?.close();
  rmSync(dir, { recursive: true, force: true });
});

const of = <T>(type: string) => events.filter((e) => e.type === type).map((e) => e.data as T);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read by path in the assertions
const get = async (path: string, token?: string): Promise<any> => {
  const res = await fetch(`${mounted.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  return res.json();
};
const staffToken = () => {
  const u = info.users.find((x) => x.role === 'charity-staff')!;
  return signEmbeddedToken(config, { sub: u.sub, role: u.role, scope: u.scope.map((s) => s.id), ttl: '10m' });
};

test('the year’s money and goods are seed 002’s: 787.93 万元, 240,369.5 items worth 163.95 万元, 9.3 万元 定向', () => {
  type Gift = { gift: { kind: string; amountFen?: number; items?: { quantity: number; valuationFen: number }[] }; restriction: unknown };
  const gifts = of<Gift>('charity.campaign.donation-received');
  const money = gifts.filter((g) => g.gift.kind === 'money');
  expect(money.reduce((s, g) => s + g.gift.amountFen!, 0)).toBe(787_930_000);
  const items = gifts.flatMap((g) => g.gift.items ?? []);
  expect(items.reduce((s, i) => s + i.quantity * 1000, 0) / 1000).toBe(240_369.5);
  expect(items.reduce((s, i) => s + i.valuationFen, 0)).toBe(163_950_000);
  expect(money.filter((g) => g.restriction !== null).map((g) => g.gift.amountFen)).toEqual([9_300_000]);
});

test('every donation has one receipt, numbered 1, 2, 3 … in the organisation’s 2020 book', () => {
  const receipts = of<{ seq: number; donationId: string }>('charity.receipt.issued');
  expect(receipts.map((r) => r.seq)).toEqual(receipts.map((_, i) => i + 1));
  expect(new Set(receipts.map((r) => r.donationId)).size).toBe(of('charity.campaign.donation-received').length);
});

test('the 定向 money went to 大湾村’s street lights only; allocations reached 特困 and 低保 households’ aid history and a help project’s budget', async () => {
  const allocations = of<{ allocationId: string; restriction: unknown; purpose: string; recipient: { kind: string; householdId?: string } }>('charity.fund.allocated');
  expect(allocations.filter((a) => a.restriction !== null).map((a) => a.purpose)).toEqual(['solar-street-lights']);
  const households = allocations.filter((a) => a.recipient.kind === 'household');
  expect(households.length).toBeGreaterThan(0);
  const official = await signEmbeddedToken(config, { sub: 'demo-auditor', role: 'auditor', scope: ['*'], ttl: '10m' });
  const history = await get(`/v1/households/${households[0]!.recipient.householdId}/aid-history`, official);
  expect(history.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'charity-allocation', allocationId: households[0]!.allocationId })]));
  const toProject = allocations.find((a) => a.recipient.kind === 'project')!;
  expect(of<{ allocationId: string }>('help-projects.project.budget-credited').map((b) => b.allocationId)).toContain(toProject.allocationId);
});

test('one campaign is overdue with its disclosures, and the staff token the banner prints reads it', async () => {
  const overdue = await get('/v1/disclosures/overdue', await staffToken());
  expect(new Set(overdue.items.map((i: { campaignId: string }) => i.campaignId)).size).toBe(1);
  expect(of('charity.campaign.disclosure-overdue').length).toBeGreaterThan(0);
  expect(info.summary).toContain('787.93 万元');
});

describe('as-of / known-at on the demo (docs/audit.md, "As-of across services")', () => {
  const auditor = () => signEmbeddedToken(config, { sub: 'demo-auditor', role: 'auditor', scope: ['*'], ttl: '10m' });
  const fundOf = () => events.find((e) => e.type === 'charity.fund.opened')!.streamId.replace(/^fund-/, '');

  test('a fund valid mid-year holds the donations booked by then; at the year’s end every one of them', async () => {
    const token = await auditor();
    const [june, december] = [await get(`/v1/audit/funds/${fundOf()}?validAt=2020-06-30`, token), await get(`/v1/audit/funds/${fundOf()}?validAt=2020-12-31`, token)];
    const credited = (answer: { explainedBy: { type: string }[] }) => answer.explainedBy.filter((e) => e.type === 'charity.fund.money-credited').length;
    expect(credited(june)).toBeLessThan(credited(december));
    expect(credited(december)).toBe(events.filter((e) => e.type === 'charity.fund.money-credited' && e.occurredAt.slice(0, 10) <= '2020-12-31' && e.streamId === `fund-${fundOf()}`).length);
    expect(december.state).toMatchObject({ fundId: fundOf() });
  });

  test('the help project’s budget is explained by the charity allocation that caused it, across services', async () => {
    const allocated = events.find((e) => e.type === 'charity.fund.allocated' && (e.data as { recipient: { kind: string } }).recipient.kind === 'project')!;
    const credit = events.find((e) => e.type === 'help-projects.project.budget-credited' && e.data.allocationId === allocated.data.allocationId)!;
    const projectId = credit.streamId.replace(/^project-/, '');
    const answer = await get(`/v1/audit/projects/${projectId}`, await auditor());
    const explained = answer.explainedBy.find((e: { eventId: string }) => e.eventId === credit.eventId);
    expect(explained.causedBy).toEqual([expect.objectContaining({ type: 'charity.fund.allocated', eventId: allocated.eventId, streamId: allocated.streamId })]);
  });
});
