import type { CampaignCommand } from '../../src/domain/campaign/types';
import { giftValueFen } from '../../src/domain/campaign/evolve-campaign';
import { ART } from '../../src/domain/rules/articles';
import { campaignOf, given, launch, money, named, QUALIFIED, receive } from './campaign-fixtures';
import { DAWAN_LIGHTS, staff } from './fixtures';

const salesShare = (pledgeId = 'p-supermarket'): CampaignCommand => ({
  type: 'pledge',
  pledgeId,
  donor: named('donor-xinyuan-supermarket'),
  basis: { kind: 'sales-share', share: { num: 1, den: 100 }, products: '爱心米', until: '2020-10-31' },
  restriction: null,
  on: '2020-03-01',
  by: staff,
});

describe('organising a campaign (组织发动)', () => {
  test('a public campaign runs under the organiser\'s qualification certificate', () => {
    given().when(launch()).thenMatches({ type: 'charity.campaign.launched', data: { public: true, certificateRef: QUALIFIED.certificateRef, emergency: false } });
  });

  test('a public campaign without the qualification is refused, naming the law', () => {
    given().when(launch({ qualification: null })).thenRefuses('public-fundraising-unqualified', { field: 'public', source: ART.publicFundraising });
  });

  test('a qualification revoked before the campaign starts does not carry it', () => {
    given().when(launch({ qualification: { ...QUALIFIED, revokedOn: '2019-12-31' } })).thenRefuses('public-fundraising-unqualified');
  });

  test('a campaign among specific donors (定向募捐) needs no qualification', () => {
    given().when(launch({ public: false, qualification: null })).thenMatches({ data: { public: false, certificateRef: null } });
  });
});

describe('receiving money and goods (款物接收)', () => {
  test('an anonymous donor\'s gift is received with no donor at all', () => {
    given(...campaignOf(launch()))
      .when(receive('d1', money(5_000), { donor: { donorId: null, unnamedInPublic: true } }))
      .thenMatches({ type: 'charity.campaign.donation-received', data: { donor: { donorId: null, unnamedInPublic: true } } });
  });

  test('a directed gift keeps the donor\'s restriction', () => {
    given(...campaignOf(launch()))
      .when(receive('d-power', money(9_300_000), { restriction: DAWAN_LIGHTS }))
      .thenMatches({ data: { restriction: DAWAN_LIGHTS, gift: { amountFen: 9_300_000 } } });
  });

  test('a directed gift of goods keeps the donor\'s restriction, as money does', () => {
    const lamps = { kind: 'in-kind' as const, items: [{ itemKey: 'solar-lamp', description: '太阳能路灯', quantity: 60, unit: '盏', valuationFen: 1_800_000 }], valuation: { method: 'donor-invoice' as const, valuedBy: '捐赠企业', ref: 'FP-2020-0901' } };
    given(...campaignOf(launch()))
      .when(receive('d-lamps', lamps, { restriction: DAWAN_LIGHTS }))
      .thenMatches({ type: 'charity.campaign.donation-received', data: { restriction: DAWAN_LIGHTS, gift: { kind: 'in-kind' } } });
  });

  test('a gift after the campaign closed is refused', () => {
    given(...campaignOf(launch(), { type: 'close', on: '2020-05-31', by: staff }))
      .when(receive('d1', money(5_000)))
      .thenRefuses('campaign-ended');
  });

  test('seed 002: 787.93 万元 in money and 240,369.5 items worth 163.95 万元 add up to 951.88 万元 received', () => {
    const goods = { kind: 'in-kind' as const, items: [{ itemKey: 'epidemic-supplies', description: '防疫物资', quantity: 240_369.5, unit: '件', valuationFen: 163_950_000 }], valuation: { method: 'market-price' as const, valuedBy: '区防控领导小组物资保障组', ref: '物资清单-2020' } };
    expect(giftValueFen(money(787_930_000)) + giftValueFen(goods)).toBe(951_880_000);
  });
});

describe('pledges (认捐) and 消费捐', () => {
  test('a business pledges a share of its sales; each payment is received against the pledge', () => {
    given(...campaignOf(launch(), salesShare()))
      .when(receive('d-sales-march', money(123_456), { donor: named('donor-xinyuan-supermarket'), pledgeId: 'p-supermarket', on: '2020-04-01' }))
      .thenMatches({ type: 'charity.campaign.donation-received', data: { pledgeId: 'p-supermarket', gift: { amountFen: 123_456 } } });
  });

  test('a payment by another donor does not pay the pledge', () => {
    given(...campaignOf(launch(), salesShare()))
      .when(receive('d1', money(100), { pledgeId: 'p-supermarket' }))
      .thenRefuses('pledge-donor');
  });

  test('a 消费捐 pledge takes no payment after its end', () => {
    given(...campaignOf(launch(), salesShare()))
      .when(receive('d1', money(100), { donor: named('donor-xinyuan-supermarket'), pledgeId: 'p-supermarket', on: '2020-11-01' }))
      .thenRefuses('pledge-expired');
  });

  test('a fixed pledge is paid up to its sum and no further', () => {
    const pledge: CampaignCommand = { type: 'pledge', pledgeId: 'p1', donor: named('donor-power-company'), basis: { kind: 'fixed', amountFen: 10_000 }, restriction: null, on: '2020-03-01', by: staff };
    given(...campaignOf(launch(), pledge, receive('d1', money(6_000), { pledgeId: 'p1' })))
      .when(receive('d2', money(4_001), { pledgeId: 'p1' }))
      .thenRefuses('pledge-overpaid');
  });

  test('a cancelled pledge takes no payment', () => {
    given(...campaignOf(launch(), salesShare(), { type: 'cancel-pledge', pledgeId: 'p-supermarket', reason: '商户停业', on: '2020-05-01', by: staff }))
      .when(receive('d1', money(100), { donor: named('donor-xinyuan-supermarket'), pledgeId: 'p-supermarket' }))
      .thenRefuses('no-open-pledge');
  });

  test('a 消费捐 pledge is made by a named business', () => {
    given(...campaignOf(launch()))
      .when({ ...salesShare(), donor: { donorId: null, unnamedInPublic: true } } as CampaignCommand)
      .thenRefuses('sales-share-named');
  });
});
