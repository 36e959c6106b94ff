import type { z } from 'zod';
import { ERASED, householdSubject, personSubject } from '../application/personal-data';
import { birthYearOf, type HouseholdView, type MemberView } from '../projections/households/household-view';
import type { RegionNode } from '../projections/regions/regions.projection';
import type { Disclosure, PersonalDataView } from './personal-data-view';
import type { HouseholdSchema, HouseholdSummarySchema, MemberSchema } from './schemas/households.schemas';

type Household = z.infer<typeof HouseholdSchema>;

/** A member as the API shows it: personal fields opened and masked by role; the ID number's reference never leaves. */
async function member(m: MemberView, shown: PersonalDataView): Promise<z.infer<typeof MemberSchema>> {
  const subject = personSubject(m.personId);
  const [name, idNumber, phone, birthDate, disability] = await Promise.all([
    shown.text(m.name, subject, 'name'),
    shown.text(m.idNumber, subject, 'idNumber'),
    shown.text(m.phone, subject, 'phone'),
    // Beside the region code of a masked ID number a birth date narrows it to a few candidates: clear views only.
    shown.disclosure === 'clear' ? shown.field(m.birthDate, subject, 'birthDate') : null,
    m.disability ? disabilityOf(m.disability, subject, shown) : null,
  ]);
  return {
    personId: m.personId,
    relation: m.relation,
    name,
    idNumber,
    phone,
    birthDate,
    birthYear: birthYearOf(m),
    sex: m.sex,
    joinedOn: m.joinedOn,
    leftOn: m.leftOn,
    diedOn: m.diedOn,
    disability,
  };
}

async function disabilityOf(d: NonNullable<MemberView['disability']>, subject: string, shown: PersonalDataView): Promise<z.infer<typeof MemberSchema>['disability']> {
  const [kind, grade, certificateNo] = await Promise.all([
    shown.field(d.kind, subject, 'kind'),
    shown.field(d.grade, subject, 'grade'),
    shown.text(d.certificateNo, subject, 'certificateNo'),
  ]);
  return { kind, grade: grade === ERASED ? ERASED : Number(grade), certificateNo, certifiedOn: d.certifiedOn };
}

export async function presentHousehold(
  view: HouseholdView,
  path: RegionNode[],
  shown: PersonalDataView,
  disclosure: Disclosure,
): Promise<Household> {
  return {
    id: view.householdId,
    revision: view.revision,
    gridId: view.gridId,
    buildingId: view.buildingId,
    regionPath: path.map((n) => ({ id: n.regionId, level: n.level, name: n.name })),
    registration: view.registration,
    address: await shown.text(view.address, householdSubject(view.householdId), 'address'),
    headId: view.headId,
    status: view.status,
    registeredOn: view.registeredOn,
    movedOutOn: view.movedOutOn,
    endedOn: view.endedOn,
    members: await Promise.all(view.members.map((m) => member(m, shown))),
    statuses: view.statuses,
    disclosure,
  };
}

export async function presentSummary(view: HouseholdView, shown: PersonalDataView): Promise<z.infer<typeof HouseholdSummarySchema>> {
  const head = view.members.find((m) => m.personId === view.headId);
  return {
    id: view.householdId,
    revision: view.revision,
    gridId: view.gridId,
    status: view.status,
    registeredOn: view.registeredOn,
    headId: view.headId,
    headName: head ? await shown.text(head.name, personSubject(head.personId), 'name') : null,
    members: view.members.filter((m) => m.leftOn === null && m.diedOn === null).length,
  };
}
