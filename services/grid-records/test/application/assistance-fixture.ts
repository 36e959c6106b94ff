// Assistance cases through the application layer (no HTTP): granting a status with the roles each step needs.
import type { Actor } from '@grid/contracts';
import type { OpenCase } from '../../src/application/assistance/case-steps';
import { PROGRAMS } from '../../src/domain';
import { ctx, official, type App } from './fixture';

export const street: Actor = { id: 'street-wang', role: 'street-official' };
export const district = official;

/** A status granted through every step its program has, effective from `effectiveDate`; answers the case id. */
export async function grantCase(app: App, householdId: string, open: Omit<OpenCase, 'appliedOn'>, effectiveDate: string): Promise<string> {
  const def = PROGRAMS[open.program];
  const { id } = await app.assistance.open(householdId, { appliedOn: '2020-03-02', ...open }, ctx());
  if (def.homeCheck) await app.assistance.step(id, { step: 'home-check', effectiveDate: '2020-03-05', findings: ['verified'] }, ctx());
  await app.assistance.step(
    id,
    { step: 'review', effectiveDate: '2020-03-10', recommended: true, ...(def.classes ? { class: 'B' } : {}) },
    ctx(street),
  );
  if (def.notice) await app.assistance.step(id, { step: 'notice', effectiveDate: '2020-03-11', days: 7 }, ctx(street));
  await app.assistance.step(id, { step: 'approve', effectiveDate, decidedOn: '2020-03-20' }, ctx(district));
  return id;
}
