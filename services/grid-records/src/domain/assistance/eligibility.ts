import { refused } from '@grid/platform/decider';
import type { ProgramCode } from '@grid/contracts';
import { ageOn } from '../shared/dates';
import { ADULT_AGE, ADVANCED_AGE, ELDERLY_AGE, PROGRAMS, SOURCES } from './programs';
import type { AssistanceCommand } from './types';

type Apply = Extract<AssistanceCommand, { type: 'apply' }>;
/** One eligibility rule: throws a named refusal or returns. */
type Rule = (cmd: Apply) => void;

function ageOfApplicant(cmd: Apply): number {
  if (!cmd.facts.birthDate)
    throw refused('birth-date-required', 'the age rules of this program need the birth date', { field: 'facts.birthDate' });
  return ageOn(cmd.facts.birthDate, cmd.appliedOn);
}

const notExtremePoverty: Rule = (cmd) => {
  if (cmd.facts.personPrograms.includes('extreme-poverty')) {
    throw refused('extreme-poverty-excluded', '特困 persons do not receive the two disability subsidies', {
      source: SOURCES.disabilitySubsidies,
    });
  }
};

const child: Rule = (cmd) => {
  if (ageOfApplicant(cmd) >= ADULT_AGE)
    throw refused('not-a-child', `children's programs are for persons under ${ADULT_AGE}`, {
      source: PROGRAMS[cmd.program].source,
      field: 'personId',
    });
};

const elderly =
  (minAge: number, source: string): Rule =>
  (cmd) => {
    if (ageOfApplicant(cmd) < minAge)
      throw refused(minAge === ADVANCED_AGE ? 'under-advanced-age' : 'not-elderly', `the program starts at age ${minAge}`, {
        source,
        field: 'personId',
      });
  };

const needsMode: Rule = (cmd) => {
  if (!cmd.mode) throw refused('support-mode-required', 'say whether support is dispersed (分散) or centralized (集中)', { field: 'mode' });
};

/** Program-specific eligibility, as data: each program lists its rules. */
export const ELIGIBILITY: Record<ProgramCode, Rule[]> = {
  'minimum-living': [
    (cmd) =>
      cmd.coveredPersonIds?.forEach((personId, i) => {
        if (cmd.facts.coveredUnderExtremePoverty.includes(personId)) {
          throw refused('no-double-benefit', `${personId} is supported as 特困 and is not counted in the household's 低保 as well`, {
            source: SOURCES.noDoubleBenefit,
            field: `coveredPersonIds.${i}`,
          });
        }
      }),
  ],
  'low-income-marginal': [],
  'extreme-poverty': [
    needsMode,
    (cmd) => {
      if (!cmd.careLevel)
        throw refused('care-level-required', 'assess self-care ability (自理能力评估) first', {
          source: SOURCES.extremePoverty,
          field: 'careLevel',
        });
    },
    (cmd) => {
      if (cmd.mode === 'dispersed' && cmd.careLevel !== 'self-care' && !cmd.caregiverAgreement) {
        throw refused('caregiver-agreement-required', '失能/半失能 特困 persons at home need a signed caregiver agreement (照料护理协议)', {
          source: SOURCES.extremePoverty,
          field: 'caregiverAgreement',
        });
      }
    },
    (cmd) => {
      if (cmd.mode === 'centralized' && !cmd.institution)
        throw refused('institution-required', '集中供养 names the institution', { source: SOURCES.extremePoverty, field: 'institution' });
    },
  ],
  temporary: [
    (cmd) => {
      if (!cmd.amountFen || cmd.amountFen <= 0)
        throw refused('amount-required', 'temporary assistance is a one-off amount in fen', { field: 'amountFen' });
    },
  ],
  'disability-living': [
    (cmd) => {
      const g = cmd.facts.disabilityGrade;
      if (g === null || g < 1 || g > 4)
        throw refused('disability-certificate-required', 'needs a disability certificate of grade 1–4', {
          source: SOURCES.disabilitySubsidies,
          field: 'facts.disabilityGrade',
        });
    },
    (cmd) => {
      const h = cmd.facts.householdPrograms;
      if (!h.includes('minimum-living') && !h.includes('low-income-marginal')) {
        throw refused('not-on-minimum-living', 'the living subsidy is for disabled persons in 低保 or 低保边缘 households', {
          source: SOURCES.disabilitySubsidies,
        });
      }
    },
    notExtremePoverty,
  ],
  'disability-care': [
    (cmd) => {
      const g = cmd.facts.disabilityGrade;
      if (g === null || g < 1 || g > 2)
        throw refused('severe-disability-required', 'the care subsidy is for grade 1–2 (重度) disability', {
          source: SOURCES.disabilitySubsidies,
          field: 'facts.disabilityGrade',
        });
    },
    notExtremePoverty,
  ],
  orphan: [child, needsMode],
  'unsupported-child': [child],
  'child-in-difficulty': [child],
  'left-behind-child': [child],
  'advanced-age': [elderly(ADVANCED_AGE, SOURCES.advancedAge)],
  'left-behind-elderly': [elderly(ELDERLY_AGE, SOURCES.elderly)],
  'solitary-elderly': [elderly(ELDERLY_AGE, SOURCES.elderly)],
  monitored: [],
  'entitled-veteran': [
    (cmd) => {
      if (!cmd.veteranCategory)
        throw refused('veteran-category-required', 'name the 优抚 category', { source: SOURCES.veteran, field: 'veteranCategory' });
    },
  ],
};

/** Subject, duplicates, then the program's own rules. */
export function checkApplication(cmd: Apply): void {
  const def = PROGRAMS[cmd.program];
  if (def.subject === 'person' && !cmd.personId)
    throw refused('person-required', `${def.term} is granted to one person`, { field: 'personId' });
  if (def.subject === 'household') {
    if (cmd.personId) throw refused('household-program', `${def.term} is granted to the household`, { field: 'personId' });
    if (!cmd.coveredPersonIds?.length)
      throw refused('covered-members-required', 'list the household members the status covers', { field: 'coveredPersonIds' });
  }
  if (cmd.class && !def.classes) throw refused('class-not-applicable', `${def.term} has no classes`, { field: 'class' });
  const held = def.subject === 'person' ? cmd.facts.personPrograms : cmd.facts.householdPrograms;
  if (!def.oneOff && held.includes(cmd.program)) throw refused('already-granted', `${def.term} is already in force`, { field: 'program' });
  for (const rule of ELIGIBILITY[cmd.program]) rule(cmd);
}
