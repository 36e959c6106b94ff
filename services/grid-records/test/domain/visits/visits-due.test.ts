import { DEFAULT_VISIT_DUTIES, visitsDue, type VisitSubject } from '../../../src/domain/visits/visits-due';

const solitary: VisitSubject = { householdId: 'h-gao', gridId: 'g-1', statuses: [{ program: 'solitary-elderly', since: '2020-01-01' }] };
const tekunAtHome: VisitSubject = {
  householdId: 'h-zhou',
  gridId: 'g-2',
  statuses: [{ program: 'extreme-poverty', mode: 'dispersed', since: '2020-01-01' }],
};
const tekunInHome: VisitSubject = {
  householdId: 'h-tan',
  gridId: 'g-2',
  statuses: [{ program: 'extreme-poverty', mode: 'centralized', since: '2020-01-01' }],
};
const dibaoOnly: VisitSubject = { householdId: 'h-liu', gridId: 'g-1', statuses: [{ program: 'minimum-living', since: '2020-01-01' }] };

describe('visits due (探访关爱): who is overdue on a date', () => {
  test('a solitary elder last visited ten days ago is three days overdue (weekly duty)', () => {
    expect(visitsDue([solitary], [{ householdId: 'h-gao', visitedOn: '2020-06-01' }], '2020-06-11')).toEqual([
      {
        householdId: 'h-gao',
        gridId: 'g-1',
        program: 'solitary-elderly',
        everyDays: 7,
        lastVisitOn: '2020-06-01',
        dueOn: '2020-06-08',
        daysOverdue: 3,
      },
    ]);
  });

  test('a visit within the week leaves nothing due', () => {
    expect(visitsDue([solitary], [{ householdId: 'h-gao', visitedOn: '2020-06-05' }], '2020-06-11')).toEqual([]);
  });

  test('the day a visit falls due it is not yet overdue', () => {
    expect(visitsDue([solitary], [{ householdId: 'h-gao', visitedOn: '2020-06-04' }], '2020-06-11')).toEqual([]);
  });

  test('never visited: the duty runs from the day the status began', () => {
    expect(visitsDue([tekunAtHome], [], '2020-02-05')).toMatchObject([
      { householdId: 'h-zhou', lastVisitOn: null, dueOn: '2020-01-31', daysOverdue: 5 },
    ]);
  });

  test('特困 supported in an institution carries no home-visit duty', () => {
    expect(visitsDue([tekunInHome], [], '2020-12-31')).toEqual([]);
  });

  test('a status without a visit duty (低保) is never overdue', () => {
    expect(visitsDue([dibaoOnly], [], '2020-12-31')).toEqual([]);
  });

  test('visits after the as-of date are ignored, so the list can be asked for any past date', () => {
    expect(visitsDue([solitary], [{ householdId: 'h-gao', visitedOn: '2020-06-20' }], '2020-01-20')).toMatchObject([
      { lastVisitOn: null, dueOn: '2020-01-08' },
    ]);
  });

  test('the strictest duty of a household counts', () => {
    const both: VisitSubject = {
      householdId: 'h-gao',
      gridId: 'g-1',
      statuses: [
        { program: 'monitored', since: '2020-01-01' },
        { program: 'solitary-elderly', since: '2020-01-01' },
      ],
    };
    expect(visitsDue([both], [{ householdId: 'h-gao', visitedOn: '2020-06-01' }], '2020-06-11')).toMatchObject([
      { program: 'solitary-elderly' },
    ]);
  });

  test('the most overdue come first', () => {
    const due = visitsDue(
      [solitary, tekunAtHome],
      [
        { householdId: 'h-gao', visitedOn: '2020-06-01' },
        { householdId: 'h-zhou', visitedOn: '2020-04-01' },
      ],
      '2020-06-11',
    );
    expect(due.map((d) => [d.householdId, d.daysOverdue])).toEqual([
      ['h-zhou', 41],
      ['h-gao', 3],
    ]);
  });

  test('the duties are configurable: a district visiting solitary elders every three days', () => {
    const duties = [{ ...DEFAULT_VISIT_DUTIES[0]!, everyDays: 3 }];
    expect(visitsDue([solitary], [{ householdId: 'h-gao', visitedOn: '2020-06-05' }], '2020-06-11', duties)).toMatchObject([
      { dueOn: '2020-06-08', daysOverdue: 3 },
    ]);
  });

  test('a status that begins after the as-of date has no duty yet', () => {
    expect(visitsDue([{ ...solitary, statuses: [{ program: 'solitary-elderly', since: '2020-07-01' }] }], [], '2020-06-11')).toEqual([]);
  });
});
