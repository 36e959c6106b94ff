import type { ElectionCommand } from '../../src/domain/types';
import { after, chair, decided, freeze, frozen, given, published, publishRoll, register, rollOf, voter } from './fixtures';

const object = (objectionId: string, on: string, kind: 'omitted' | 'wrongly-listed' = 'omitted', subjectId = 'x1'): ElectionCommand => ({
  type: 'raise-roll-objection',
  objectionId,
  kind,
  subjectId,
  on,
  grounds: kind === 'omitted' ? '户籍在本村，外出务工，已表示参加选举' : '已迁出本村',
  by: chair,
});
const decide = (objectionId: string, on: string, upheld = true, extra: Partial<Extract<ElectionCommand, { type: 'decide-roll-objection' }>> = {}): ElectionCommand => ({
  type: 'decide-roll-objection',
  objectionId,
  on,
  upheld,
  reason: upheld ? '经核实，符合登记条件' : '经核实，不符合登记条件',
  by: chair,
  ...extra,
});

describe('publishing the roll (公布选民名单, Art 14)', () => {
  test('a roll published 20 days before voting day is published, objections open for 5 days', () => {
    given(...rollOf(3))
      .when(publishRoll('2021-03-31'))
      .thenMatches({ type: 'elections.election.roll-published', data: { size: 3, objectionsUntil: '2021-04-05', rule: { rule: 'roll-publication', source: expect.stringContaining('第十四条') } } });
  });

  test('a roll published 19 days before voting day is refused', () => {
    given(...rollOf(3))
      .when(publishRoll('2021-04-01'))
      .thenRefuses('roll-published-too-late');
  });
});

describe('objections to the roll (申诉, Art 14)', () => {
  test('an objection on the 5th day after publication is received, to be decided within 3 days', () => {
    given(...published())
      .when(object('o1', '2021-04-05'))
      .thenMatches({ type: 'elections.election.roll-objection-raised', data: { objectionId: 'o1', decideBy: '2021-04-08' } });
  });

  test('an objection on the 6th day after publication is refused', () => {
    given(...published())
      .when(object('o1', '2021-04-06'))
      .thenRefuses('objection-window-closed');
  });

  test('an objection without grounds is refused', () => {
    given(...published())
      .when({ ...object('o1', '2021-04-01'), grounds: ' ' } as ElectionCommand)
      .thenRefuses('reason-required');
  });

  test('a decision on the 3rd day after the objection is in time', () => {
    given(...after(published(), object('o1', '2021-04-02')))
      .when(decide('o1', '2021-04-05', false))
      .thenMatches({ type: 'elections.election.roll-objection-decided', data: { upheld: false, late: false, rule: { rule: 'objection-decided-in-time' } } });
  });

  test('a decision on the 4th day is recorded as late, naming Art 14', () => {
    given(...after(published(), object('o1', '2021-04-02')))
      .when(decide('o1', '2021-04-06', false))
      .thenMatches({ type: 'elections.election.roll-objection-decided', data: { late: true, rule: { rule: 'objection-decided-late', source: expect.stringContaining('三日内') } } });
  });

  test('a decision without a reason is refused', () => {
    given(...after(published(), object('o1', '2021-04-02')))
      .when(decide('o1', '2021-04-03', false, { reason: '' }))
      .thenRefuses('reason-required');
  });

  test('an upheld objection that someone was omitted puts them on the roll', () => {
    given(...after(published(), object('o1', '2021-04-02')))
      .when(decide('o1', '2021-04-03', true, { voter: voter('x1', { livingHere: false, askedOn: '2021-04-02' }) }))
      .thenMatches(
        { type: 'elections.election.roll-objection-decided', data: { upheld: true } },
        { type: 'elections.election.voter-registered', data: { voterId: 'x1', basis: 'registered-away', objectionId: 'o1' } },
      );
  });

  test('an upheld objection that someone is wrongly listed takes them off the roll', () => {
    given(...after(published(), object('o1', '2021-04-02', 'wrongly-listed', 'v3')))
      .when(decide('o1', '2021-04-03'))
      .thenMatches({ type: 'elections.election.roll-objection-decided' }, { type: 'elections.election.voter-removed', data: { voterId: 'v3', cause: 'objection-upheld' } });
  });
});

describe('freezing the roll and its commitment', () => {
  test('the roll cannot be frozen on the last day of objections', () => {
    given(...published())
      .when(freeze('2021-04-05'))
      .thenRefuses('objection-window-open');
  });

  test('the roll cannot be frozen while an objection is undecided', () => {
    given(...after(published(), object('o1', '2021-04-05')))
      .when(freeze('2021-04-06'))
      .thenRefuses('objection-pending');
  });

  test('the day after the objection window the roll is frozen with a Merkle root over its entries', () => {
    const events = decided(published(3), freeze('2021-04-06'));
    expect(events).toMatchObject([{ type: 'elections.election.roll-frozen', data: { size: 3, algorithm: 'sha256-merkle-v1', root: expect.stringMatching(/^[0-9a-f]{64}$/) } }]);
  });

  test('a change after freezing is refused', () => {
    given(...frozen())
      .when({ type: 'remove-voter', voterId: 'v1', on: '2021-04-07', by: chair })
      .thenRefuses('roll-frozen');
  });

  test('an objection after freezing is refused', () => {
    given(...frozen())
      .when(object('o9', '2021-04-07'))
      .thenRefuses('roll-frozen');
  });

  test('a voter who dies after freezing is flagged, never removed', () => {
    given(...frozen())
      .when({ type: 'record-life-event', voterId: 'v2', event: 'died', on: '2021-04-10', by: chair })
      .thenMatches({ type: 'elections.election.voter-flagged', data: { voterId: 'v2', flag: 'died' } });
  });

  test('a voter who dies before freezing is taken off the roll', () => {
    given(...published())
      .when({ type: 'record-life-event', voterId: 'v2', event: 'died', on: '2021-04-02', by: chair })
      .thenMatches({ type: 'elections.election.voter-removed', data: { voterId: 'v2', cause: 'died' } });
  });

  test('the death of someone not on the roll changes nothing', () => {
    given(...frozen())
      .when({ type: 'record-life-event', voterId: 'stranger', event: 'died', on: '2021-04-10', by: chair })
      .thenNothing();
  });

  test('before publication an ineligible entry can be removed', () => {
    given(...after(rollOf(2), register('v3')))
      .when({ type: 'remove-voter', voterId: 'v3', on: '2021-03-25', by: chair })
      .thenMatches({ type: 'elections.election.voter-removed', data: { cause: 'not-eligible' } });
  });
});
