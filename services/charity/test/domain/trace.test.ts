import { traceRecipient } from '../../src/domain/trace/trace';
import { allocate, credit, DAWAN_LIGHTS, fundHistory, ONE_DAY, reverse, toDawanLights, use } from './fixtures';

const year = () =>
  fundHistory(
    credit('d-power', 9_000_000, DAWAN_LIGHTS),
    credit('d-villager', 300_000, DAWAN_LIGHTS),
    credit('d-one-day', 1_000_000),
    toDawanLights('a-lights'),
    use('u-lights', 'a-lights', 9_000_000),
    allocate('a-h42', 200_000),
    allocate('a-h42-wrong', 50_000),
    reverse(7, '重复分配'),
  );

describe('trace: which donations reached a household or a purpose', () => {
  test('定向 money traces to the donations credited under its restriction', () => {
    expect(traceRecipient(year(), (r) => r.kind === 'purpose')).toEqual([
      {
        allocationId: 'a-lights',
        recipient: { kind: 'purpose' },
        purpose: 'solar-street-lights',
        amountFen: 9_300_000,
        usedFen: 9_000_000,
        on: '2020-10-01',
        source: {
          kind: 'restricted',
          restriction: DAWAN_LIGHTS,
          donations: [
            { donationId: 'd-power', campaignId: ONE_DAY, amountFen: 9_000_000 },
            { donationId: 'd-villager', campaignId: ONE_DAY, amountFen: 300_000 },
          ],
        },
      },
    ]);
  });

  test('unrestricted money traces to the allocation only, and a reversed allocation reached nobody', () => {
    expect(traceRecipient(year(), (r) => r.kind === 'household' && r.householdId === 'h-lingyun-0042')).toEqual([
      expect.objectContaining({ allocationId: 'a-h42', amountFen: 200_000, usedFen: 0, source: { kind: 'unrestricted' } }),
    ]);
  });
});
