import type { Actor } from '@grid/contracts';
import { hashedUuid, newId, type CommandContext, type EventStore } from '@grid/platform';
import type { DemoDefinition, DemoInfo } from '@grid/platform/service';
import type { DonationInput } from '../application/charity-commands';
import type { CharityServices } from '../composition';
import { DIRECTED_FEN, DIRECTED_PURPOSE, DIRECTED_VILLAGE, GIVING_UNITS, GOODS, MONEY_FEN, POWER_COMPANY } from './demo-figures';

/** Recorded on every seeded event (`reason`): an auditor tells demo data from real records. */
const SEED_REASON = '演示数据 · demo seed';
const registrar: Actor = { id: 'seed-minzheng-official', role: 'district-official' };
const staff: Actor = { id: 'seed-charity-staff', role: 'charity-staff' };
/** The same key, the same ids on every run. */
const ctxOf = (key: string, actor = staff): CommandContext => ({ actor, correlationId: 'charity-seed-2020', reason: SEED_REASON, idSeed: hashedUuid('charity.seed', 2020, key) });
const ORGANISATION_KEY = 'organisation';
export const seededOrganisationId = (): string => newId(ctxOf(ORGANISATION_KEY, registrar), 'organisation');
const ORGANISATION_NAME = '冷水滩区慈善总会';

const demoInfo = (organisationId: string, summary: string, campaignId: string | null, fundId: string | null): DemoInfo => ({
  summary,
  users: [{ role: 'charity-staff', variable: 'CHARITY_STAFF_TOKEN', sub: 'demo-charity-staff', scope: [{ id: organisationId, name: ORGANISATION_NAME }] }],
  tries: [
    `curl -s -H "authorization: Bearer $CHARITY_STAFF_TOKEN" "{url}/v1/organisations/${organisationId}/indicators?year=2020"`,
    `curl -s -H "authorization: Bearer $CHARITY_STAFF_TOKEN" "{url}/v1/disclosures/overdue"`,
    ...(campaignId ? [`curl -s {url}/v1/public/campaigns/${campaignId}`] : []),
    ...(fundId ? [`curl -s -H "authorization: Bearer $CHARITY_STAFF_TOKEN" "{url}/v1/funds/${fundId}/ledger?limit=5"`] : []),
  ],
});

/** Spreads `total` fen over `n` gifts of uneven size (a deterministic pattern), the last taking the rest. */
function split(total: number, n: number, from: number, step: number): number[] {
  const parts = Array.from({ length: n - 1 }, (_, i) => from + ((i * 7919) % 13) * step);
  return [...parts, total - parts.reduce((s, p) => s + p, 0)];
}

/**
 * 冷水滩区慈善总会's 2020 (seeds 002, 004): 组织发动 (a 慈善一日捐, a 99公益日 and a 消费捐 campaign) → 款物接收 (787.93 万元
 * from residents and units, the 9.3 万元 定向 gift for 大湾村's solar street lights, 240,369.5 items worth 163.95 万元) →
 * 分配 (特困 and 低保 households, 大湾村, a help project when help-projects has published one) → 使用 → 公示, with the
 * 消费捐 campaign's disclosures left overdue. Seeded through the service's own commands once grid-records' demo
 * households have reached charity's read models.
 */
export const charityDemo: DemoDefinition<CharityServices> = {
  async seed({ services, progress, caughtUp }) {
    const started = performance.now();
    await caughtUp();
    const { commands, lookup, regions } = services;
    const [district] = await regions.atLevel('district');
    const village = (await regions.atLevel('community')).find((n) => n.name === DIRECTED_VILLAGE);
    const households = (await lookup.households()).filter((h) => h.gridId !== null && h.closedOn === null);
    if (!district || !village || households.length === 0) return null;
    progress(`charity: seeding ${ORGANISATION_NAME}'s 2020 (campaigns, donations and receipts, allocations, uses, disclosures)…`);
    const organisation = await commands.registerOrganisation({ name: ORGANISATION_NAME, form: 'social-organisation', creditCode: '51431103MJJ00000XA', regionId: district.regionId, registeredOn: '2008-06-01', on: '2020-01-02' }, ctxOf(ORGANISATION_KEY, registrar));
    const organisationId = organisation.id;
    await commands.grantQualification(organisationId, { certificateRef: '湘民公募字〔2017〕003号', validFrom: '2017-03-01', validTo: null, on: '2020-01-02' }, ctxOf('qualification', registrar));
    const fund = await commands.openFund({ organisationId, name: `${ORGANISATION_NAME}慈善基金`, on: '2020-01-02' }, ctxOf('fund'));
    const launch = (key: string, input: { name: string; kind: 'one-day-donation' | 'giving-day-99' | 'consumption-linked'; from: string; to: string; targetFen: number | null; purpose: string }) =>
      commands.launchCampaign({ organisationId, public: true, emergency: false, fundId: fund.id, on: input.from, ...input }, ctxOf(key));
    const oneDay = await launch('one-day', { name: '2020年“慈善一日捐”', kind: 'one-day-donation', from: '2020-05-19', to: '2020-12-31', targetFen: 600_000_000, purpose: 'poverty-relief' });
    const givingDay = await launch('giving-day', { name: '2020年“99公益日”', kind: 'giving-day-99', from: '2020-09-07', to: '2020-09-09', targetFen: 50_000_000, purpose: 'poverty-relief' });
    const consumption = await launch('consumption', { name: '2020年“消费捐”爱心商家行动', kind: 'consumption-linked', from: '2020-06-01', to: '2020-12-31', targetFen: null, purpose: 'poverty-relief' });

    let donations = 0;
    const donate = (campaignId: string, key: string, input: DonationInput) => {
      donations += 1;
      return commands.donate(campaignId, input, ctxOf(`donation:${key}`));
    };
    // 787.93 万元: the directed gift, residents (99公益日 online and 一日捐), units (一日捐) and a 消费捐 business.
    const residents = households.filter((h) => h.headId !== null).slice(0, 60);
    const residentGifts = split(3_000_000, residents.length, 5_000, 5_000);
    const unitGifts = split(MONEY_FEN - DIRECTED_FEN - 3_000_000 - 2_000_000, GIVING_UNITS.length, 20_000_000, 1_000_000);
    await donate(oneDay.id, 'directed', { donor: { kind: 'organisation', name: POWER_COMPANY, unnamedInPublic: false }, gift: { kind: 'money', amountFen: DIRECTED_FEN, channel: 'bank-transfer' }, pledgeId: null, restriction: { regionId: village.regionId, purpose: DIRECTED_PURPOSE }, on: '2020-06-18' });
    for (const [i, h] of residents.entries()) {
      const campaignId = i % 2 === 0 ? oneDay.id : givingDay.id;
      const on = campaignId === oneDay.id ? '2020-05-19' : '2020-09-08';
      await donate(campaignId, `resident:${i}`, { donor: i % 5 === 0 ? { kind: 'anonymous' } : { kind: 'resident', personId: h.headId!, unnamedInPublic: i % 3 === 0 }, gift: { kind: 'money', amountFen: residentGifts[i]!, channel: i % 2 === 0 ? 'payroll' : 'online-platform' }, pledgeId: null, restriction: null, on });
    }
    for (const [i, name] of GIVING_UNITS.entries()) {
      await donate(oneDay.id, `unit:${i}`, { donor: { kind: 'organisation', name, unnamedInPublic: false }, gift: { kind: 'money', amountFen: unitGifts[i]!, channel: 'bank-transfer' }, pledgeId: null, restriction: null, on: '2020-05-20' });
    }
    await donate(consumption.id, 'consumption', { donor: { kind: 'organisation', name: '冷水滩某连锁超市', unnamedInPublic: false }, gift: { kind: 'money', amountFen: 2_000_000, channel: 'bank-transfer' }, pledgeId: null, restriction: null, on: '2020-08-31' });
    await donate(oneDay.id, 'goods', { donor: { kind: 'organisation', name: '湖南某医药公司', unnamedInPublic: false }, gift: { kind: 'in-kind', items: GOODS, valuation: { method: 'donor-invoice', valuedBy: '捐赠方提供的发票', ref: 'FP-2020-0618' } }, pledgeId: null, restriction: null, on: '2020-06-18' });

    // 分配 → 使用: 特困 and 低保 households, 大湾村's street lights (定向), a help project if one is published.
    const holding = (program: string) => households.filter((h) => Object.values(h.statuses).includes(program)).slice(0, 10);
    const allocate = async (key: string, recipient: Parameters<typeof commands.allocate>[1]['recipient'], amountFen: number, purpose: string, on: string, regionId?: string, restricted = false) => {
      const regionPath = await services.recipients.regionPath(recipient, regionId);
      const restriction = restricted ? { regionId: village.regionId, purpose: DIRECTED_PURPOSE } : null;
      const a = await commands.allocate(fund.id, { recipient, regionPath, purpose, amountFen, restriction, on }, ctxOf(`allocation:${key}`));
      await commands.fundStep(fund.id, { type: 'record-use', useId: newId(ctxOf(`use:${key}`), 'use'), allocationId: a.id, amountFen, evidenceRef: `发放签收单-${key}`, on }, ctxOf(`use:${key}`));
      return a;
    };
    const tekun = holding('extreme-poverty');
    const dibao = holding('minimum-living');
    for (const [i, h] of tekun.entries()) await allocate(`tekun:${i}`, { kind: 'household', householdId: h.householdId }, 100_000, 'poverty-relief', '2020-12-20');
    for (const [i, h] of dibao.entries()) await allocate(`dibao:${i}`, { kind: 'household', householdId: h.householdId }, 80_000, 'poverty-relief', '2020-12-20');
    await allocate('street-lights', { kind: 'purpose' }, DIRECTED_FEN, DIRECTED_PURPOSE, '2020-10-15', village.regionId, true);
    const [project] = await lookup.projects();
    if (project) await allocate('project', { kind: 'project', projectId: project.projectId }, 5_000_000, 'elderly-care', '2020-11-01');
    const allocations = tekun.length + dibao.length + 1 + (project ? 1 : 0);
    await commands.fundStep(fund.id, { type: 'issue-goods', issueId: 'seed-supermarket-rice', itemKey: 'rice', quantity: 5_000, to: { kind: 'charity-supermarket', supermarketId: 'lengshuitan-charity-supermarket' }, evidenceRef: '慈善超市入库单-2020-07', restriction: null, on: '2020-07-01' }, ctxOf('goods:supermarket'));
    await commands.fundStep(fund.id, { type: 'issue-goods', issueId: 'seed-masks', itemKey: 'masks', quantity: 150_000, to: project ? { kind: 'project', projectId: project.projectId } : { kind: 'charity-supermarket', supermarketId: 'lengshuitan-charity-supermarket' }, evidenceRef: '防疫物资调拨单-2020-06', restriction: null, on: '2020-06-20' }, ctxOf('goods:masks'));
    await commands.fundStep(fund.id, { type: 'charge-management-cost', costId: 'seed-2020-admin', amountFen: 1_500_000, description: '2020年度管理费用', evidenceRef: '财务凭证-2020-12', on: '2020-12-31' }, ctxOf('cost'));

    // 公示: 一日捐 every 3 months and fully after its end; 99公益日 after its end; 消费捐 once, then overdue.
    const disclose = (campaignId: string, key: string, kind: 'periodic' | 'final', coversTo: string, on: string) =>
      commands.campaignStep(campaignId, { type: 'publish-disclosure', disclosureId: key, kind, coversTo, reportRef: `冷水滩区慈善总会网站 公示 ${key}`, on }, ctxOf(`disclosure:${key}`));
    await disclose(oneDay.id, 'one-day-q3', 'periodic', '2020-08-15', '2020-08-18');
    await disclose(oneDay.id, 'one-day-q4', 'periodic', '2020-11-15', '2020-11-16');
    await disclose(oneDay.id, 'one-day-final', 'final', '2020-12-31', '2021-03-20');
    await disclose(givingDay.id, 'giving-day-final', 'final', '2020-09-09', '2020-11-30');
    await disclose(consumption.id, 'consumption-q3', 'periodic', '2020-08-31', '2020-08-31');
    await commands.campaignStep(consumption.id, { type: 'flag-overdue-disclosures', on: '2021-04-01' }, ctxOf('overdue:2021-04-01'));
    await caughtUp();

    const summary = `${ORGANISATION_NAME} 2020: 3 campaigns, ${donations} donations (787.93 万元 and 240,369.5 items worth 163.95 万元, receipts numbered), ${allocations} allocations${project ? '' : ' (no help project published yet)'}, 1 campaign with overdue disclosures`;
    progress(`  ${summary} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return demoInfo(organisationId, `${summary}, seeded now`, oneDay.id, fund.id);
  },
  async find(store: EventStore) {
    const organisationId = seededOrganisationId();
    const [registered] = await store.readStream(`organisation-${organisationId}`, { maxCount: 1 });
    if (registered?.type !== 'charity.organisation.registered') return null;
    return demoInfo(organisationId, `${ORGANISATION_NAME} 2020 (seeded on the first start)`, null, null);
  },
};
