import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import type { AssistanceCommand } from '../../../src/domain/assistance/types';
import { district, like, system, township } from '../fixtures';
import {
  GRANDMOTHER,
  SON,
  after,
  apply,
  applyFor,
  approve,
  granted,
  historyOf,
  homeCheck,
  notice,
  review,
  reviewWithout,
} from './assistance-fixtures';

const given = specFor(assistanceDecider);
const flag = (on = '2020-03-08'): AssistanceCommand => ({ type: 'flag', on, registrationId: 'r-1', by: system });

describe('近亲属备案: cases of officials’ close relatives need district approval (seed 002: 人情保、关系保)', () => {
  test('an application by a registered relative is flagged from the start', () => {
    given()
      .when(apply({}, { officialRelative: true }))
      .thenMatches(like({ data: { officialRelative: true } }));
  });

  test('temporary assistance for a relative, within the township’s amount, still needs the district', () => {
    given(...historyOf(applyFor('temporary', SON, { amountFen: 100_000 }, { officialRelative: true }), homeCheck(), reviewWithout()))
      .when(approve({ by: township }))
      .thenRefuses('official-relative-needs-district');
  });

  test('the district approves the relative’s temporary assistance, and the grant says it was flagged', () => {
    given(...historyOf(applyFor('temporary', SON, { amountFen: 100_000 }, { officialRelative: true }), homeCheck(), reviewWithout()))
      .when(approve({ by: district }))
      .thenMatches(like({ data: { approverLevel: 'district', officialRelative: true } }));
  });

  test('a township register (留守老人) for a relative also goes to the district', () => {
    given(
      ...historyOf(
        applyFor('left-behind-elderly', GRANDMOTHER, {}, { birthDate: '1938-04-02', officialRelative: true }),
        homeCheck(),
        reviewWithout(),
      ),
    )
      .when(approve({ by: township }))
      .thenRefuses('official-relative-needs-district');
  });

  test('a township cannot reject a relative’s application either', () => {
    given(...historyOf(applyFor('temporary', SON, { amountFen: 100_000 }, { officialRelative: true }), homeCheck()))
      .when({ type: 'reject', on: '2020-03-20', reason: 'r', by: township })
      .thenRefuses('official-relative-needs-district');
  });

  test('a registration filed while the case is open flags it', () => {
    given(...historyOf(applyFor('temporary', SON, { amountFen: 100_000 })))
      .when(flag())
      .then({
        type: 'grid-records.assistance.flagged',
        data: {
          caseId: 'c-1',
          program: 'temporary',
          class: null,
          householdId: 'h-liu',
          personId: SON,
          on: '2020-03-08',
          registrationId: 'r-1',
          by: system,
        },
        occurredAt: '2020-03-08',
      });
  });

  test('after a late flag the township can no longer approve', () => {
    given(...after(historyOf(applyFor('temporary', SON, { amountFen: 100_000 }), homeCheck()), flag('2020-03-06'), reviewWithout()))
      .when(approve({ by: township }))
      .thenRefuses('official-relative-needs-district');
  });

  test('flagging a flagged case changes nothing', () => {
    given(...historyOf(apply({}, { officialRelative: true })))
      .when(flag())
      .thenNothing();
  });

  test('flagging a closed case changes nothing: the audit finds it', () => {
    given(...after(granted(), { type: 'exit', endedOn: '2020-12-31', reason: 'r', by: district }))
      .when(flag())
      .thenNothing();
  });

  test('a flagged 低保 still goes through notice and district approval as usual', () => {
    given(...historyOf(apply({}, { officialRelative: true }), homeCheck(), review(), notice()))
      .when(approve())
      .thenMatches(like({ data: { officialRelative: true, approverLevel: 'district' } }));
  });
});
