import type { LivingClass, ProgramCode } from '@grid/contracts';
import { fold } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import { PROGRAMS } from '../../../src/domain/assistance/programs';
import type { AssistanceCommand, AssistanceEvent, AssistanceState, EligibilityFacts, Terms } from '../../../src/domain/assistance/types';
import { district, system } from '../fixtures';
import { after, apply, homeCheck, notice, review } from '../assistance/assistance-fixtures';

export interface GrantOptions {
  caseId?: string;
  householdId?: string;
  personId?: string;
  covered?: string[];
  cls?: LivingClass;
  registration?: 'urban' | 'rural';
  effectiveFrom?: string;
  birthDate?: string;
  terms?: Terms;
  facts?: Partial<EligibilityFacts>;
}

/** The events of a status granted through every step its program has, effective from `effectiveFrom`. */
export function grantEvents(program: ProgramCode, o: GrantOptions = {}): AssistanceEvent[] {
  const def = PROGRAMS[program];
  const effectiveFrom = o.effectiveFrom ?? '2020-04-01';
  const appliedOn = effectiveFrom < '2020-03-02' ? effectiveFrom : '2020-03-02';
  const cmds: AssistanceCommand[] = [
    apply(
      {
        caseId: o.caseId ?? `c-${program}`,
        program,
        householdId: o.householdId ?? 'h-liu',
        appliedOn,
        ...(def.subject === 'person'
          ? { personId: o.personId ?? 'p-liu-gm', coveredPersonIds: undefined }
          : { coveredPersonIds: o.covered ?? ['p-liu-gm', 'p-liu-son', 'p-liu-gd'] }),
        ...o.terms,
      },
      {
        registration: o.registration ?? 'urban',
        birthDate: o.birthDate ?? '1938-04-02',
        disabilityGrade: 1,
        householdPrograms: program === 'disability-living' ? ['minimum-living'] : [],
        asOf: appliedOn,
        ...o.facts,
      },
    ),
  ];
  if (def.homeCheck) cmds.push(homeCheck(appliedOn));
  cmds.push(review({ on: appliedOn, class: def.classes ? (o.cls ?? 'B') : undefined }));
  if (def.notice) cmds.push(notice(appliedOn));
  cmds.push({ type: 'approve', decidedOn: def.notice ? '2020-12-31' : appliedOn, effectiveFrom, by: district });
  return after([], ...cmds);
}

/** The folded case: a StatusRecord for payments, a CaseView for the rules. */
export const statusOf = (events: AssistanceEvent[]): AssistanceState => fold(assistanceDecider, events);

export const granted = (program: ProgramCode, o: GrantOptions = {}, ...more: AssistanceCommand[]): AssistanceState =>
  statusOf(after(grantEvents(program, o), ...more));

export const death = (endedOn: string): AssistanceCommand => ({ type: 'end', endedOn, cause: 'death', by: system });
