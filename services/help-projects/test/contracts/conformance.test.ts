// What the help-projects deciders emit is what the contracts publish: a member's year, a project from publication
// to a late death, and a joint case handled jointly validate against their schemas and cover every event type.
import { eventRegistry, jsonSchemas, topicForStream } from '@grid/contracts';
import { historyOf } from '@grid/platform/decider';
import { memberDecider } from '../../src/domain/consortium/member';
import { jointCaseDecider } from '../../src/domain/joint-case/joint-case';
import { HOUSEHOLD, after, applyFacts, baseFacts, credit, died, enrol, extremePovertyGranted, factsOf, member, operator, publish, registered, serve } from '../domain/fixtures';

const memberYear = historyOf(memberDecider, [
  { type: 'join', memberId: member.memberId, name: '冷水滩区红十字会', kind: 'social-organisation', level: 'township', regionId: 't-lengshuitan', on: '2025-01-01', by: operator },
  { type: 'deliver-benefit-list', deliveryId: 'd1', householdId: HOUSEHOLD, programs: ['extreme-poverty'], projectIds: ['pr-bathing'], on: '2025-02-01', by: operator },
  { type: 'suspend', reason: '年度评估未通过', on: '2025-06-01', by: operator },
  { type: 'reinstate', on: '2025-07-01', by: operator },
  { type: 'leave', reason: '主动退出', on: '2025-12-31', by: operator },
]);
const projectYear = after(
  publish(),
  credit(),
  enrol(baseFacts()),
  serve(baseFacts(), '2025-03-10'),
  serve(baseFacts(), '2025-06-10'),
  applyFacts(factsOf(registered(), extremePovertyGranted(), died('2025-05-01', '2025-07-01T00:00:00Z'))),
);
const jointCase = historyOf(jointCaseDecider, [
  { type: 'open', caseId: 'jc-1', householdId: HOUSEHOLD, regionId: 'v-shixiping', need: 'medical', on: '2025-03-01', by: operator },
  { type: 'assign-step', stepId: 's1', member, task: '医疗救助', dueOn: '2025-03-15', on: '2025-03-01', by: operator },
  { type: 'assign-step', stepId: 's2', member: { ...member, memberId: 'm-health' }, task: '家庭医生签约', dueOn: '2025-03-15', on: '2025-03-01', by: operator },
  { type: 'complete-step', stepId: 's1', memberId: member.memberId, on: '2025-03-05', by: operator },
  { type: 'complete-step', stepId: 's2', memberId: 'm-health', on: '2025-03-16', by: operator },
]);
const emitted = [...memberYear, ...projectYear, ...jointCase];

describe('what the help-projects deciders emit is what the contracts publish', () => {
  test.each(emitted.map((e, i) => [i, e.type, e] as const))('event %i (%s) validates against its schema', (_i, type, e) => {
    expect(() => eventRegistry.validate(type, e.data)).not.toThrow();
  });

  test('every published help-projects event type is emitted', () => {
    expect([...new Set(emitted.map((e) => e.type))].sort()).toEqual(eventRegistry.types().filter((t) => t.startsWith('help-projects.')));
  });

  test('the three streams go to their topics', () => {
    expect([topicForStream('consortium-m1'), topicForStream('project-p1'), topicForStream('jointcase-c1')]).toEqual([
      'help-projects.consortium.v1',
      'help-projects.project.v1',
      'help-projects.jointcase.v1',
    ]);
  });
});

/** Fields that would carry a person's data in clear (or sealed: help-projects has no purpose to hold it). */
const PERSONAL = /^(name|idNumber|idHash|phone|address|birthDate|sex|note|caregiverName|certificateNo)$/;

function fieldNames(schema: unknown, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  return Object.entries(schema).flatMap(([key, value]) =>
    key === 'properties' && typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([field, inner]) => [`${path}${field}`, ...fieldNames(inner, `${path}${field}.`)])
      : fieldNames(value, path),
  );
}

test('help-projects events name people and households by id only (a member\'s organisation name is the one name)', () => {
  const schemas = Object.entries(jsonSchemas(eventRegistry)).filter(([file]) => file.startsWith('help-projects.'));
  const personal = schemas.flatMap(([file, schema]) => fieldNames(schema).filter((f) => PERSONAL.test(f.split('.').at(-1)!)).map((f) => `${file}: ${f}`));
  expect(personal).toEqual(['help-projects.consortium.member-joined.v1.schema.json: name']);
});
