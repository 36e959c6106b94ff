import type { Actor, LivingClass, ProgramCode } from '@grid/contracts';
import { historyOf as historyThrough } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import type { AssistanceCommand, AssistanceEvent, EligibilityFacts } from '../../../src/domain/assistance/types';
import { district, gridWorker, sealed, township } from '../fixtures';

type Apply = Extract<AssistanceCommand, { type: 'apply' }>;

/** The Liu household (h-liu) in 梅湾街道, urban, 2020: grandmother, son, granddaughter. */
export const GRANDMOTHER = 'p-liu-gm';
export const SON = 'p-liu-son';
export const GRANDDAUGHTER = 'p-liu-gd';

/** The facts of an application; a clear `birthDate` comes with its sealed copy, as the application reads both. */
export const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  asOf: '2020-03-02',
  registration: 'urban',
  districtId: 'lengshuitan',
  birthDate: null,
  sealedBirthDate: over.birthDate ? sealed(over.birthDate) : null,
  disabilityGrade: null,
  personPrograms: [],
  householdPrograms: [],
  officialRelative: false,
  coveredUnderExtremePoverty: [],
  ...over,
});

/** A 低保 application for the whole household, unless the program or fields say otherwise. */
export function apply(over: Partial<Apply> = {}, factsOver: Partial<EligibilityFacts> = {}): Apply {
  return {
    type: 'apply',
    caseId: 'c-1',
    program: 'minimum-living',
    householdId: 'h-liu',
    coveredPersonIds: [GRANDMOTHER, SON, GRANDDAUGHTER],
    appliedOn: '2020-03-02',
    facts: facts(factsOver),
    by: gridWorker,
    ...over,
  };
}

/** An application for a person program by one member. */
export const applyFor = (
  program: ProgramCode,
  personId: string,
  over: Partial<Apply> = {},
  factsOver: Partial<EligibilityFacts> = {},
): Apply => apply({ program, personId, coveredPersonIds: undefined, ...over }, factsOver);

export const homeCheck = (on = '2020-03-05', by: Actor = gridWorker): AssistanceCommand => ({
  type: 'record-home-check',
  on,
  findings: ['income-verified'],
  by,
});
export const review = (over: Partial<Extract<AssistanceCommand, { type: 'review' }>> = {}): AssistanceCommand => ({
  type: 'review',
  on: '2020-03-10',
  recommended: true,
  class: 'B',
  by: township,
  ...over,
});
export const reviewWithout = (): AssistanceCommand => ({ type: 'review', on: '2020-03-10', recommended: true, by: township });
export const notice = (from = '2020-03-11', days = 7): AssistanceCommand => ({ type: 'publish-notice', from, days, by: township });
export const approve = (over: Partial<Extract<AssistanceCommand, { type: 'approve' }>> = {}): AssistanceCommand => ({
  type: 'approve',
  decidedOn: '2020-03-20',
  effectiveFrom: '2020-04-01',
  by: district,
  ...over,
});
export const suspend = (on: string, by: Actor = township): AssistanceCommand => ({
  type: 'suspend',
  on,
  reason: 'income under verification',
  by,
});
export const resume = (on: string): AssistanceCommand => ({ type: 'resume', on, reason: 'verified', by: township });
export const changeClass = (to: LivingClass, effectiveFrom = '2020-07-01', by: Actor = district): AssistanceCommand => ({
  type: 'change-class',
  to,
  effectiveFrom,
  reason: 'son lost his job',
  by,
});

/**
 * Runs commands through the decider and returns the events they produce: the history a real case would
 * have, so each test's `given` states only the steps that matter to it.
 */
export const historyOf = (...commands: AssistanceCommand[]): AssistanceEvent[] => historyThrough(assistanceDecider, commands);

/** Continues a history with more commands: the whole history afterwards. */
export const after = (history: AssistanceEvent[], ...commands: AssistanceCommand[]): AssistanceEvent[] =>
  historyThrough(assistanceDecider, commands, history);

/** A 低保 household case through every step up to the decision. */
export const noticed = (cls: LivingClass = 'B') => historyOf(apply(), homeCheck(), review({ class: cls }), notice());
/** A granted 低保 status, class B unless said, in force from 2020-04-01. */
export const granted = (cls: LivingClass = 'B', factsOver: Partial<EligibilityFacts> = {}) =>
  historyOf(apply({}, factsOver), homeCheck(), review({ class: cls }), notice(), approve());
