import { ACCOUNT, balanceOf } from '../../src/domain/fund/accounts';
import { ART } from '../../src/domain/rules/articles';
import { allocate, cost, credit, decided, DAWAN_LIGHTS, DAWAN_PATH, DIRECTED_FEN, fundAfter, fundHistory, fundState, given, reverse, staff, toDawanLights, use } from './fixtures';

const directed = () => fundHistory(credit('d-power-company', DIRECTED_FEN, DAWAN_LIGHTS), credit('d-one-day-1', 500_000));

describe('directed money (定向捐赠) goes only where the donor said', () => {
  test('the power company\'s 9.3 万元 is allocated to 大湾村 for its solar street lights', () => {
    given(...directed())
      .when(toDawanLights('a-dawan-lights'))
      .thenMatches({
        type: 'charity.fund.allocated',
        data: {
          tx: 3,
          amountFen: DIRECTED_FEN,
          entries: [
            { account: 'allocated:a-dawan-lights', amountFen: DIRECTED_FEN },
            { account: 'restricted:region=v-dawan;purpose=solar-street-lights', amountFen: -DIRECTED_FEN },
          ],
        },
      });
  });

  test('the directed money cannot go to another village: the refusal names the restriction and the law', () => {
    given(...directed())
      .when({ ...toDawanLights('a-elsewhere'), regionPath: ['c-lingyun', 's-lingyun', 'd-lengshuitan'] })
      .thenRefuses('restriction-not-met', { field: 'regionPath', source: ART.directed });
  });

  test('the directed money cannot pay for another purpose in the same village', () => {
    given(...directed())
      .when({ ...toDawanLights('a-other-purpose'), purpose: 'poverty-relief' })
      .thenRefuses('restriction-not-met', { field: 'purpose' });
  });

  test('the refusal\'s detail names the restriction', () => {
    expect(() => decided(directed(), { ...toDawanLights('x'), purpose: 'poverty-relief' })).toThrow('定向 money (region=v-dawan;purpose=solar-street-lights)');
  });

  test('unrestricted money does not include directed money: 9.3 万元 more than the 5,000 元 unrestricted is refused', () => {
    given(...directed())
      .when(allocate('a-too-much', 500_001, { regionPath: DAWAN_PATH }))
      .thenRefuses('insufficient-funds', { field: 'amountFen' });
  });

  test('management costs never come out of directed money', () => {
    given(...fundHistory(credit('d-power-company', DIRECTED_FEN, DAWAN_LIGHTS)))
      .when(cost('m-print', 100))
      .thenRefuses('insufficient-funds');
  });
});

describe('money never goes out twice or beyond what an account holds', () => {
  const received = () => fundHistory(credit('d1', 100_000));

  test('an allocation of exactly the balance is accepted', () => {
    given(...received()).when(allocate('a1', 100_000)).thenMatches({ type: 'charity.fund.allocated' });
  });

  test('an allocation one fen beyond the balance is refused', () => {
    given(...received()).when(allocate('a1', 100_001)).thenRefuses('insufficient-funds');
  });

  test('the same allocation id is refused the second time', () => {
    given(...fundAfter(received(), allocate('a1', 40_000))).when(allocate('a1', 40_000)).thenRefuses('allocation-exists');
  });

  test('a use beyond what the allocation still holds is refused', () => {
    given(...fundAfter(received(), allocate('a1', 40_000), use('u1', 'a1', 30_000))).when(use('u2', 'a1', 10_001)).thenRefuses('use-exceeds-allocation');
  });

  test('a donation delivered again is not booked again', () => {
    given(...received()).when(credit('d1', 100_000)).thenNothing();
  });

  test('a use names its evidence', () => {
    given(...fundAfter(received(), allocate('a1', 40_000))).when({ ...use('u1', 'a1', 1), evidenceRef: ' ' }).thenRefuses('evidence-required');
  });
});

describe('nothing is edited: a mistake is reversed by a new transaction naming the one it reverses', () => {
  test('reversing an allocation books the opposite lines and names it', () => {
    given(...fundHistory(credit('d1', 100_000), allocate('a1', 40_000)))
      .when(reverse(2, '分配对象填错'))
      .then({
        type: 'charity.fund.transaction-reversed',
        data: {
          tx: 3,
          reverses: 2,
          reason: '分配对象填错',
          entries: [
            { account: 'allocated:a1', amountFen: -40_000 },
            { account: 'unrestricted', amountFen: 40_000 },
          ],
          on: '2020-10-25',
          by: staff,
        },
        occurredAt: '2020-10-25',
      });
  });

  test('after the reversal the balances are as before, and the reversed allocation takes no use', () => {
    const history = fundHistory(credit('d1', 100_000), allocate('a1', 40_000), reverse(2));
    expect(balanceOf(fundState(history).balances, ACCOUNT.unrestricted)).toBe(100_000);
    given(...history).when(use('u1', 'a1', 1)).thenRefuses('allocation-reversed');
  });

  test('a transaction is reversed once', () => {
    given(...fundHistory(credit('d1', 100_000), allocate('a1', 40_000), reverse(2))).when(reverse(2)).thenRefuses('already-reversed');
  });

  test('a donation whose money was already allocated cannot be reversed', () => {
    given(...fundHistory(credit('d1', 100_000), allocate('a1', 40_000))).when(reverse(1)).thenRefuses('reversal-would-overdraw');
  });

  test('an allocation partly used cannot be reversed; its use can', () => {
    const history = fundHistory(credit('d1', 100_000), allocate('a1', 40_000), use('u1', 'a1', 10_000));
    given(...history).when(reverse(2)).thenRefuses('reversal-would-overdraw');
    given(...history).when(reverse(3)).thenMatches({ type: 'charity.fund.transaction-reversed', data: { reverses: 3 } });
  });

  test('a reversal is not reversed', () => {
    given(...fundHistory(credit('d1', 100_000), reverse(1))).when(reverse(2)).thenRefuses('reversal-of-reversal');
  });

  test('a reversal gives its reason', () => {
    given(...fundHistory(credit('d1', 100_000))).when(reverse(1, '')).thenRefuses('reason-required');
  });
});
