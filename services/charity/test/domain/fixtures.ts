// 区慈善总会 of 冷水滩区 (seed 002) and its fund: 慈善一日捐, 99公益日 and a 消费捐 campaign; the power company's
// 9.3 万元 directed to 大湾村 (黄阳司镇) for solar street lights.
import type { Actor, Restriction } from '@grid/contracts';
import { fold, historyOf, specFor, type Decider } from '@grid/platform/decider';
import { fundDecider } from '../../src/domain/fund/decide-fund';
import type { FundEvent } from '../../src/domain/events';
import type { FundCommand } from '../../src/domain/fund/types';

export const staff: Actor = { id: 'staff-zhou', role: 'charity-staff' };
export const ORG = 'org-lst-charity-federation';
export const FUND = 'fund-lst-general';
export const ONE_DAY = 'c-one-day-2020';
/** 9.3 万元 = 93,000 元 = 9,300,000 fen. */
export const DIRECTED_FEN = 9_300_000;
export const DAWAN_LIGHTS: Restriction = { regionId: 'v-dawan', purpose: 'solar-street-lights' };
/** 大湾村 lies in 黄阳司镇 in 冷水滩区. */
export const DAWAN_PATH = ['v-dawan', 's-huangyangsi', 'd-lengshuitan'];
export const LINGYUN_PATH = ['c-lingyun', 's-lingyun', 'd-lengshuitan'];

type Cmd<T extends FundCommand['type']> = Extract<FundCommand, { type: T }>;
const ON = '2020-09-10';

export const openFund = (): FundCommand => ({ type: 'open-fund', fundId: FUND, organisationId: ORG, name: '区慈善总会慈善基金', on: '2020-01-02', by: staff });
export const credit = (donationId: string, amountFen: number, restriction: Restriction | null = null, on = ON): Cmd<'credit-money'> => ({
  type: 'credit-money',
  donationId,
  campaignId: ONE_DAY,
  amountFen,
  restriction,
  on,
  by: staff,
});
export const allocate = (allocationId: string, amountFen: number, over: Partial<Cmd<'allocate'>> = {}): Cmd<'allocate'> => ({
  type: 'allocate',
  allocationId,
  recipient: { kind: 'household', householdId: 'h-lingyun-0042' },
  regionPath: LINGYUN_PATH,
  purpose: 'poverty-relief',
  amountFen,
  restriction: null,
  on: '2020-10-01',
  by: staff,
  ...over,
});
export const toDawanLights = (allocationId: string, amountFen = DIRECTED_FEN): Cmd<'allocate'> =>
  allocate(allocationId, amountFen, { recipient: { kind: 'purpose' }, regionPath: DAWAN_PATH, purpose: 'solar-street-lights', restriction: DAWAN_LIGHTS });
export const use = (useId: string, allocationId: string, amountFen: number, on = '2020-10-20'): Cmd<'record-use'> => ({
  type: 'record-use',
  useId,
  allocationId,
  amountFen,
  evidenceRef: `发票-${useId}`,
  on,
  by: staff,
});
export const reverse = (tx: number, reason = '录入错误', on = '2020-10-25'): Cmd<'reverse'> => ({ type: 'reverse', reverses: tx, reason, on, by: staff });
export const cost = (costId: string, amountFen: number, on = '2020-11-01'): Cmd<'charge-management-cost'> => ({
  type: 'charge-management-cost',
  costId,
  amountFen,
  description: '募捐活动印刷费',
  evidenceRef: `发票-${costId}`,
  on,
  by: staff,
});

export const fundHistory = (...commands: FundCommand[]): FundEvent[] => historyOf(fundDecider, [openFund(), ...commands]);
export const fundAfter = (history: FundEvent[], ...commands: FundCommand[]): FundEvent[] => historyOf(fundDecider, commands, history);
export const fundState = (history: FundEvent[]) => fold(fundDecider, history)!;
/** What the fund decider answers to a command after a history (throws its refusal). */
export const decided = (history: FundEvent[], cmd: FundCommand): FundEvent[] => fundDecider.decide(cmd, fold(fundDecider, history));

/** given(…history).when(command).then… with deep partial matches (the kernel types them shallow). */
export function givenOn<C, E, S>(decider: Decider<C, E, S>) {
  return (...history: E[]) => {
    const spec = specFor(decider)(...history);
    return {
      when(command: C) {
        const then = spec.when(command);
        return { ...then, thenMatches: (...expected: object[]) => then.thenMatches(...(expected as Partial<E>[])) };
      },
    };
  };
}
export const given = givenOn(fundDecider);
