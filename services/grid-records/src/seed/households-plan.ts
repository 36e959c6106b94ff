import { addDays, ageOn, maxDate, type DisabilityKind, type IsoDate } from '../domain';
import { birthDateAt, givenName, idNumber, mobile, surname, type Sex } from './identities';
import type { DisabilityPlan, HouseholdPlan, ResidentPlan } from './plan-types';
import type { Prng } from './prng';

type Shape = 'solitary-elderly' | 'elderly-couple' | 'single' | 'couple' | 'nuclear' | 'three-generation' | 'skipped-generation';

/**
 * Household shapes and their shares. Rural: more 留守 households (grandparents raising grandchildren while the
 * parents work away, seed 002's 留守儿童/留守老人) and solitary elderly; urban: more nuclear families.
 */
const SHAPES: Record<'urban' | 'rural', readonly (readonly [Shape, number])[]> = {
  urban: [
    ['solitary-elderly', 9],
    ['elderly-couple', 12],
    ['single', 10],
    ['couple', 12],
    ['nuclear', 37],
    ['three-generation', 17],
    ['skipped-generation', 3],
  ],
  rural: [
    ['solitary-elderly', 12],
    ['elderly-couple', 14],
    ['single', 6],
    ['couple', 8],
    ['nuclear', 26],
    ['three-generation', 24],
    ['skipped-generation', 10],
  ],
};

const DISABILITY_KINDS: readonly (readonly [DisabilityKind, number])[] = [
  ['physical', 45],
  ['visual', 12],
  ['hearing', 12],
  ['intellectual', 9],
  ['mental', 10],
  ['speech', 2],
  ['multiple', 10],
];

/** The first registration drive (摸底登记) ran through 2019, before the period seed 002 reports on. */
const REGISTERED_FROM: IsoDate = '2019-03-01';

type Context = Pick<HouseholdPlan, 'key' | 'gridKey' | 'buildingKey' | 'address' | 'registration' | 'rural'> & { asOf: IsoDate; taken: Set<string> };

export function planHousehold(rng: Prng, ctx: Context): Omit<HouseholdPlan, 'cases' | 'visits'> {
  const registeredOn = addDays(REGISTERED_FROM, rng.int(0, 300));
  const shape = rng.weighted(SHAPES[ctx.rural ? 'rural' : 'urban']);
  const family = surname(rng);
  const person = (relation: ResidentPlan['relation'], age: number, sex: Sex, ownSurname = family): ResidentPlan => {
    const birthDate = birthDateAt(rng, age, ctx.asOf);
    const adult = age >= 18;
    return {
      relation,
      name: `${ownSurname}${givenName(rng, sex, birthDate)}`,
      idNumber: idNumber(rng, birthDate, sex, ctx.taken),
      // Most adults leave a mobile number; the very old often give a child's, or none.
      ...(adult && rng.chance(age >= 75 ? 0.35 : 0.9) ? { phone: mobile(rng) } : {}),
      birthDate,
      sex,
    };
  };
  const sexOf = (): Sex => (rng.chance(0.51) ? 'male' : 'female');
  const other = (s: Sex): Sex => (s === 'male' ? 'female' : 'male');
  const members: ResidentPlan[] = [];
  const headSex = shape === 'solitary-elderly' ? (rng.chance(0.62) ? 'female' : 'male') : rng.chance(0.78) ? 'male' : 'female';
  const withSpouse = (age: number) => members.push(person('spouse', Math.max(20, age + rng.int(-5, 3)), other(headSex), surname(rng)));
  const children = (parentAge: number, count: number, relation: 'child' | 'grandchild' = 'child') => {
    for (let i = 0; i < count; i += 1) {
      const age = Math.max(0, parentAge - rng.int(relation === 'child' ? 22 : 48, relation === 'child' ? 34 : 62));
      members.push(person(relation, age, sexOf()));
    }
  };

  switch (shape) {
    case 'solitary-elderly':
      members.push(person('head', rng.int(68, 94), headSex));
      break;
    case 'elderly-couple': {
      const age = rng.int(62, 88);
      members.push(person('head', age, headSex));
      withSpouse(age);
      break;
    }
    case 'single':
      members.push(person('head', rng.int(20, 62), headSex));
      break;
    case 'couple': {
      const age = rng.int(23, 58);
      members.push(person('head', age, headSex));
      withSpouse(age);
      break;
    }
    case 'nuclear': {
      const age = rng.int(27, 56);
      members.push(person('head', age, headSex));
      if (rng.chance(0.9)) withSpouse(age);
      children(
        age,
        rng.weighted([
          [1, 45],
          [2, 45],
          [3, 10],
        ]),
      );
      break;
    }
    case 'three-generation': {
      const age = rng.int(34, 60);
      members.push(person('head', age, headSex));
      if (rng.chance(0.92)) withSpouse(age);
      const parents = rng.weighted([
        [1, 55],
        [2, 45],
      ]);
      for (let i = 0; i < parents; i += 1)
        members.push(
          person(
            'parent',
            Math.min(98, age + rng.int(22, 32)),
            parents === 1 ? sexOf() : i === 0 ? 'male' : 'female',
            i === 0 ? family : surname(rng),
          ),
        );
      children(
        age,
        rng.weighted([
          [1, 50],
          [2, 42],
          [3, 8],
        ]),
      );
      break;
    }
    case 'skipped-generation': {
      const age = rng.int(56, 80);
      members.push(person('head', age, headSex));
      if (rng.chance(0.6)) withSpouse(age);
      children(
        age,
        rng.weighted([
          [1, 55],
          [2, 40],
          [3, 5],
        ]),
        'grandchild',
      );
      break;
    }
  }

  // Children born after the registration drive join on their birth (新生儿落户), as history, not as founders.
  const founders = members.filter((m) => m.birthDate <= registeredOn);
  const births = members.filter((m) => m.birthDate > registeredOn).map((m) => ({ ...m, on: addDays(m.birthDate, rng.int(10, 90)) }));
  const plannedBirths = births.filter((b) => b.on <= ctx.asOf);

  // 残疾证: about 6 % of residents hold one in this district (seed 002: 6 450 on 两项补贴 alone); severity rises with age.
  const disabilities: DisabilityPlan[] = [];
  founders.forEach((m, i) => {
    const age = ageOn(m.birthDate, ctx.asOf);
    if (!rng.chance(age >= 70 ? 0.11 : age >= 45 ? 0.06 : 0.025)) return;
    const grade = rng.weighted([
      [1, 14],
      [2, 22],
      [3, 30],
      [4, 34],
    ]);
    // Never before the holder's birth (a baby registered in the drive would otherwise get a certificate dated earlier).
    const certifiedOn = maxDate(addDays(registeredOn, rng.int(-400, 2000)), m.birthDate);
    disabilities.push({
      member: i,
      kind: rng.weighted(DISABILITY_KINDS),
      grade,
      certifiedOn: certifiedOn > ctx.asOf ? ctx.asOf : certifiedOn,
    });
  });

  // Deaths 2021–2026 among the very old (seed 002: deaths of recipients reported late); the head only when alone.
  let death: HouseholdPlan['death'];
  const candidates = founders
    .map((m, i) => ({ m, i }))
    .filter(({ m, i }) => ageOn(m.birthDate, ctx.asOf) >= 82 && (i > 0 || founders.length === 1));
  const dying = candidates.find(() => rng.chance(0.12));
  if (dying) {
    death = {
      member: dying.i,
      diedOn: addDays('2021-01-01', rng.int(0, 1900)),
      evidence: rng.weighted([
        ['death-certificate', 5],
        ['hukou-cancellation', 3],
        ['cremation-record', 2],
      ]),
    };
    if (death.diedOn > ctx.asOf) death = { ...death, diedOn: ctx.asOf };
  }

  // A certificate dated after its holder's death would be nonsense in the history.
  const certified = disabilities.filter((d) => !(death && d.member === death.member && d.certifiedOn >= death.diedOn));
  const { key, gridKey, buildingKey, address, registration, rural } = ctx;
  return {
    key,
    gridKey,
    ...(buildingKey ? { buildingKey } : {}),
    address,
    registration,
    rural,
    registeredOn,
    members: founders,
    births: plannedBirths,
    disabilities: certified,
    ...(death ? { death } : {}),
  };
}
