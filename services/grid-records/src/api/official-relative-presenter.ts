import type { z } from 'zod';
import { personSubject } from '../application/personal-data';
import type { HouseholdView } from '../projections/households/household-view';
import type { OfficialRelativeFiling } from '../projections/official-relatives/official-relatives.projection';
import type { Disclosure, PersonalDataView } from './personal-data-view';
import type { FilingSchema } from './schemas/official-relatives.schemas';

/**
 * A 近亲属备案 filing as the caller may see it: the official's name and ID number under the official's key (the
 * relative's for filings without one), the relative's name from their household record, the note under the
 * relative's key; each opened and masked by `shown`.
 */
export async function presentFiling(
  f: OfficialRelativeFiling,
  household: HouseholdView,
  shown: PersonalDataView,
  disclosure: Disclosure,
): Promise<z.infer<typeof FilingSchema>> {
  const relative = personSubject(f.personId);
  const official = personSubject(f.official.personId ?? f.personId);
  const member = household.members.find((m) => m.personId === f.personId);
  const [relativeName, name, idNumber, note] = await Promise.all([
    member ? shown.text(member.name, relative, 'name') : null,
    shown.text(f.official.name, official, 'name'),
    shown.text(f.official.idNumber ?? null, official, 'idNumber'),
    shown.text(f.note, relative, 'note'),
  ]);
  return {
    id: f.registrationId,
    residentId: f.personId,
    relativeName,
    relation: f.relation,
    official: { name, idNumber, position: f.official.position, unit: f.official.unit },
    note,
    on: f.on,
    filedBy: f.filedBy,
    status: f.status,
    withdrawal: f.withdrawal,
    disclosure,
  };
}
