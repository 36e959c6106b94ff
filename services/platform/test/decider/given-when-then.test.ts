import { refused, type Decider } from '@grid/platform';
import { specFor } from '@grid/platform/testing';

// A pocket-sized decider in the shape of docs/style.md §1: approval needs a public notice (公示) of 7 days.
type Cmd = { type: 'notice'; from: string } | { type: 'approve'; on: string };
type Evt = { type: 'sample.case.noticed'; data: { from: string } } | { type: 'sample.case.approved'; data: { on: string } };
type State = { stage: 'open' | 'noticed' | 'approved'; noticeFrom?: string };
const NOTICE_DAYS = 7;
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

const caseDecider: Decider<Cmd, Evt, State> = {
  initialState: { stage: 'open' },
  decide(cmd, s) {
    switch (cmd.type) {
      case 'notice':
        if (s.stage !== 'open') throw refused('already-noticed', 'the notice was already published');
        return [{ type: 'sample.case.noticed', data: { from: cmd.from } }];
      case 'approve':
        if (s.stage === 'approved') return [];
        if (s.stage !== 'noticed') throw refused('not-noticed', 'approve needs a completed public notice');
        if (days(s.noticeFrom!, cmd.on) < NOTICE_DAYS) throw refused('notice-too-short', `notice runs ${NOTICE_DAYS} days`);
        return [{ type: 'sample.case.approved', data: { on: cmd.on } }];
    }
  },
  evolve(s, e) {
    switch (e.type) {
      case 'sample.case.noticed':
        return { stage: 'noticed', noticeFrom: e.data.from };
      case 'sample.case.approved':
        return { ...s, stage: 'approved' };
    }
  },
};

const given = specFor(caseDecider);
const noticed = (from: string): Evt => ({ type: 'sample.case.noticed', data: { from } });

describe('given / when / then on a pure decider', () => {
  test('approving after a full seven-day notice records the approval', () => {
    given(noticed('2026-03-01')).when({ type: 'approve', on: '2026-03-08' }).then({ type: 'sample.case.approved', data: { on: '2026-03-08' } });
  });

  test('approving before the notice has run seven days is refused by name', () => {
    given(noticed('2026-03-01')).when({ type: 'approve', on: '2026-03-05' }).thenRefuses('notice-too-short');
  });

  test('approving without any notice is refused', () => {
    given().when({ type: 'approve', on: '2026-03-05' }).thenRefuses('not-noticed');
  });

  test('approving twice changes nothing the second time', () => {
    given(noticed('2026-03-01'), { type: 'sample.case.approved', data: { on: '2026-03-09' } }).when({ type: 'approve', on: '2026-03-10' }).thenNothing();
  });

  test('the folded state says where the case stands', () => {
    given(noticed('2026-03-01')).thenState({ stage: 'noticed', noticeFrom: '2026-03-01' });
  });

  test('the helper itself fails when a refusal was expected but the command passed', () => {
    expect(() => given(noticed('2026-03-01')).when({ type: 'approve', on: '2026-03-09' }).thenRefuses('notice-too-short')).toThrow();
  });
});
