import type { LivingClass, ProgramCode } from '@grid/contracts';
import { addDays, addMonths, ageOn, birthdayAt, daysBetween, maxDate, PROGRAMS, type IsoDate } from '../domain';
import type { CaseStep, OpenCase } from '../application/assistance/case-steps';
import type { CasePlan, HouseholdPlan, StepActor, VisitPlan } from './plan-types';
import { givenName, surname } from './identities';
import type { Prng } from './prng';

/** Statuses are decided between these dates (seed 002's period and after). */
const FROM: IsoDate = '2020-01-02';

/** Seed 002's institutions for 集中供养. */
const INSTITUTIONS = ['高溪市中心敬老院', '普利桥中心敬老院', '蔡市老年养老养护院'];
const VETERAN_CATEGORIES = ['在乡复员军人', '带病回乡退伍军人', '伤残军人', '烈士遗属', '参战退役人员'];
/** Care-visit notes: sealed under the household (they describe a family), so the raw-file test looks for them too. */
export const VISIT_NOTES = [
  '老人身体尚可, 已提醒按时服药',
  '屋顶漏雨, 已报社区安排维修',
  '子女长期在外务工, 老人独自生活',
  '家中无人, 电话联系后约定下次走访',
  '孩子学习正常, 监护人照顾到位',
];

const firstOfNextMonth = (d: IsoDate): IsoDate => `${addMonths(d, 1).slice(0, 7)}-01`;

/**
 * One application's lifecycle from 申请 to 审批 and on, dated step by step from `appliedOn`: home check, township
 * review, 7-day notice, approval after the notice, effective from the next month. Returns null when it would end
 * after `until` (the demo's today, or the day before the person's death): an application applied shortly before
 * then is still in progress, as real ones are.
 */
function lifecycle(
  rng: Prng,
  program: ProgramCode,
  appliedOn: IsoDate,
  until: IsoDate,
  o: { cls?: LivingClass; amountFen?: number; reject?: boolean; objection?: string } = {},
) {
  const def = PROGRAMS[program];
  const steps: CasePlan['steps'] = [];
  let on = appliedOn;
  const at = (days: [number, number]) => (on = addDays(on, rng.int(days[0], days[1])));
  const push = (actor: StepActor, step: CaseStep) => (step.effectiveDate <= until ? (steps.push({ actor, step }), true) : false);
  if (
    def.homeCheck &&
    !push('worker', {
      step: 'home-check',
      effectiveDate: at([2, 10]),
      findings: rng.pick([['income-verified'], ['income-verified', 'property-verified'], ['living-conditions-checked']]),
    })
  )
    return steps;
  if (o.reject) {
    if (!push('street', { step: 'review', effectiveDate: at([3, 12]), recommended: false, reason: '家庭收入超过当地保障标准' }))
      return steps;
    push('district', { step: 'reject', effectiveDate: at([3, 10]), reason: '经核对家庭经济状况, 不符合条件' });
    return steps;
  }
  const review: CaseStep = {
    step: 'review',
    effectiveDate: at([3, 12]),
    recommended: true,
    ...(o.cls ? { class: o.cls } : {}),
    ...(o.amountFen ? { amountFen: o.amountFen } : {}),
  };
  if (!push('street', review)) return steps;
  if (def.notice) {
    const from = at([1, 3]);
    if (!push('street', { step: 'notice', effectiveDate: from, days: 7 })) return steps;
    if (
      o.objection &&
      !push('worker', {
        step: 'objection',
        effectiveDate: addDays(from, rng.int(1, 5)),
        objectionId: o.objection,
        reason: '群众反映该户有经营收入',
      })
    )
      return steps;
    on = addDays(from, 7); // the notice runs 7 days; the decision comes after
    if (
      o.objection &&
      !push('street', {
        step: 'objection-decision',
        effectiveDate: at([0, 2]),
        objectionId: o.objection,
        upheld: false,
        reason: '经核实, 经营收入已计入家庭收入, 异议不成立',
      })
    )
      return steps;
  }
  const decidedOn = at([1, 10]);
  const approver: StepActor =
    def.approval === 'township' || (typeof def.approval === 'object' && (o.amountFen ?? 0) <= def.approval.townshipUpToFen)
      ? 'street'
      : 'district';
  // 一次性 grants take effect on the decision; monthly statuses from the next month.
  const effective = def.oneOff ? decidedOn : firstOfNextMonth(decidedOn);
  if (decidedOn > until || effective > until) return steps;
  steps.push({ actor: approver, step: { step: 'approve', effectiveDate: effective, decidedOn } });
  return steps;
}

const approvedOn = (c: CasePlan): IsoDate | null => c.steps.find((s) => s.step.step === 'approve')?.step.effectiveDate ?? null;

/**
 * The statuses of one household, after seed 002's mix and scaled to a demo: 低保 A/B/C (and 提标, 复核, 退出),
 * 低保边缘, 监测户, 特困 (分散/集中, caregiver agreements), 两项补贴, 高龄补贴, 独居/留守老人, 留守/困境/事实无人抚养
 * 儿童, 优抚, 临时救助; care visits for the households with a visit duty. Order is execution order: a status a
 * later one depends on (低保 before the living subsidy) comes first.
 */
export function planStatuses(rng: Prng, h: HouseholdPlan, asOf: IsoDate): { cases: CasePlan[]; visits: VisitPlan[] } {
  const cases: CasePlan[] = [];
  const add = (program: ProgramCode, open: CasePlan['open'], steps: CasePlan['steps'], member?: number) =>
    cases.push({ key: `${h.key}:case${cases.length + 1}`, program, ...(member !== undefined ? { member } : {}), open, steps });
  const start = maxDate(FROM, addDays(h.registeredOn, 30));
  // Nothing is decided for a person after their death (it is recorded last, as seed 002 says deaths often are).
  const untilFor = (member?: number) => (member !== undefined && h.death?.member === member ? addDays(h.death.diedOn, -1) : asOf);
  const householdUntil = h.death && h.members.length + h.births.length === 1 ? untilFor(h.death.member) : asOf;
  const appliedOn = (from: IsoDate = start) => addDays(from, rng.int(0, Math.max(0, daysBetween(from, householdUntil) - 20)));
  const ages = h.members.map((m) => ageOn(m.birthDate, asOf));
  const disabled = new Map(h.disabilities.map((d) => [d.member, d]));
  const rural = h.registration === 'rural';

  // 低保: rural households more often (seed 002: 58 567 rural against 23 082 urban household-months).
  let living: CasePlan | undefined;
  if (rng.chance((rural ? 0.07 : 0.03) + (disabled.size > 0 ? 0.1 : 0) + (h.members.length === 1 && ages[0]! >= 70 ? 0.05 : 0))) {
    const cls = rng.weighted<LivingClass>([
      ['A', 15],
      ['B', 65],
      ['C', 20],
    ]);
    const on = appliedOn();
    const reject = rng.chance(0.06);
    const objection = !reject && rng.chance(0.04) ? `${h.key}-objection-1` : undefined;
    const steps = lifecycle(rng, 'minimum-living', on, householdUntil, { cls, reject, ...(objection ? { objection } : {}) });
    const granted = steps.find((s) => s.step.step === 'approve')?.step.effectiveDate;
    if (granted) {
      let last = granted;
      // 提标 (C→B, B→A: seed 002 lists 70 + 121 + 36 households in 2020), 复核, 退出.
      if (cls !== 'A' && rng.chance(0.25)) {
        const on2 = firstOfNextMonth(addMonths(last, rng.int(4, 18)));
        if (on2 <= householdUntil)
          steps.push({
            actor: 'district',
            step: {
              step: 'change-class',
              effectiveDate: (last = on2),
              to: cls === 'C' && rng.chance(0.3) ? 'A' : cls === 'C' ? 'B' : 'A',
              reason: '家庭成员患重病, 刚性支出增加',
            },
          });
      }
      const reviewOn = addMonths(last, 12);
      if (reviewOn <= householdUntil && rng.chance(0.5))
        steps.push({ actor: 'street', step: { step: 'review-done', effectiveDate: (last = reviewOn) } });
      if (rng.chance(0.08)) {
        const exitOn = addDays(firstOfNextMonth(addMonths(last, rng.int(3, 12))), -1);
        if (exitOn <= householdUntil)
          steps.push({ actor: 'district', step: { step: 'exit', effectiveDate: exitOn, reason: '家庭成员就业, 收入超过低保标准' } });
      }
    }
    add('minimum-living', { program: 'minimum-living', appliedOn: on, class: cls }, steps);
    living = cases[cases.length - 1];
  } else if (rng.chance(rural ? 0.02 : 0.015)) {
    const on = appliedOn();
    add(
      'low-income-marginal',
      { program: 'low-income-marginal', appliedOn: on },
      lifecycle(rng, 'low-income-marginal', on, householdUntil),
    );
  }
  if (rural && rng.chance(0.02)) {
    const on = appliedOn();
    add('monitored', { program: 'monitored', appliedOn: on }, lifecycle(rng, 'monitored', on, householdUntil));
  }

  h.members.forEach((m, i) => {
    const age = ages[i]!;
    const until = untilFor(i);
    const person = (program: ProgramCode, from: IsoDate, terms: Partial<OpenCase> = {}, o: { amountFen?: number } = {}) => {
      if (from > until) return;
      const on = addDays(from, rng.int(0, Math.min(400, Math.max(0, daysBetween(from, until) - 1))));
      add(program, { program, appliedOn: on, ...terms }, lifecycle(rng, program, on, until, o), i);
    };
    // 两项补贴: the care subsidy for grade 1–2, the living subsidy for certificate holders on 低保 (after it is granted).
    const d = disabled.get(i);
    if (d && d.grade <= 2 && rng.chance(0.85)) person('disability-care', maxDate(start, addDays(d.certifiedOn, 10)));
    // Only while the 低保 lasts: an exit before the application would leave the subsidy without its ground.
    const livingFrom = living && !living.steps.some((s) => s.step.step === 'exit') ? approvedOn(living) : null;
    if (d && livingFrom && rng.chance(0.9)) person('disability-living', maxDate(livingFrom, addDays(d.certifiedOn, 10)));
    // 高龄补贴 from 80 (assumed local threshold, programs.ts); seed 002 pays ~1 200 a quarter in a district of ~500 000,
    // so most of the 80s are not on it (income tests), nearly all of the 90s are.
    if (age >= 80 && rng.chance(age >= 90 ? 0.9 : 0.3)) person('advanced-age', maxDate(start, addDays(birthdayAt(m.birthDate, 80), 15)));
    if (i === 0 && h.members.length === 1 && age >= 65) {
      // 特困 for some solitary elderly not on 低保 (the two exclude each other) nor on a disability subsidy (特困
      // persons do not get them); otherwise the 独居老人 care register.
      if (!living && !d && rng.chance(0.12)) {
        const mode = rng.chance(0.15) ? 'centralized' : 'dispersed';
        const careLevel = rng.weighted([
          ['self-care', 70],
          ['semi-disabled', 20],
          ['disabled', 10],
        ] as const);
        const terms: Partial<OpenCase> =
          mode === 'centralized'
            ? { mode, careLevel, institution: rng.pick(INSTITUTIONS) }
            : careLevel === 'self-care'
              ? { mode, careLevel }
              : {
                  mode,
                  careLevel,
                  caregiverAgreement: {
                    agreementId: `${h.key}-care`,
                    caregiverName: `${surname(rng)}${givenName(rng, 'female', '1975-01-01')}`,
                    signedOn: start,
                  },
                };
        person('extreme-poverty', start, terms);
      } else if (rng.chance(0.7)) person('solitary-elderly', maxDate(start, addDays(birthdayAt(m.birthDate, 60), 30)));
    }
    if (
      rural &&
      age >= 60 &&
      (i === 0 || m.relation === 'spouse') &&
      h.members.every((x) => ageOn(x.birthDate, asOf) >= 55) &&
      rng.chance(0.3)
    ) {
      person('left-behind-elderly', maxDate(start, addDays(birthdayAt(m.birthDate, 60), 30)));
    }
    // Grandchildren raised by grandparents: 留守儿童 in the villages; some 事实无人抚养 or 孤儿 (分散供养 with kin).
    if (m.relation === 'grandchild' && age < 16) {
      if (rural && rng.chance(0.8)) person('left-behind-child', start);
      else if (rng.chance(0.12)) {
        if (rng.chance(0.25)) person('orphan', start, { mode: 'dispersed' });
        else person('unsupported-child', start);
      }
    }
    if (m.relation === 'child' && age < 16 && living && rng.chance(0.2))
      person('child-in-difficulty', maxDate(start, approvedOn(living) ?? start));
    if (m.sex === 'male' && age >= 62 && rng.chance(0.02))
      person('entitled-veteran', start, { veteranCategory: rng.pick(VETERAN_CATEGORIES) });
    if (age >= 18 && i === 0 && rng.chance(0.015)) {
      const amountFen = rng.pick([50_000, 80_000, 100_000, 150_000, 200_000, 300_000]); // 300 000 fen: above the township's 2 000 元
      person('temporary', start, { amountFen }, { amountFen });
    }
  });
  // 走访: households with a visit duty (独居/留守老人, 特困, 留守儿童) get care visits over the last year.
  const duty = cases.some(
    (c) => ['solitary-elderly', 'left-behind-elderly', 'extreme-poverty', 'left-behind-child'].includes(c.program) && approvedOn(c),
  );
  const visits: VisitPlan[] = [];
  if (duty) {
    const seen = h.members.map((_, i) => i).filter((i) => h.death?.member !== i);
    for (let v = 0, on = addDays(asOf, -rng.int(300, 360)); v < rng.int(2, 4); v += 1, on = addDays(on, rng.int(60, 110))) {
      if (on > householdUntil) break;
      const home = rng.chance(0.9);
      visits.push({
        members: home ? seen : [],
        visitedOn: on,
        kind: v === 0 ? 'routine' : 'care',
        findings: home
          ? [
              rng.weighted([
                ['all-well', 70],
                ['needs-help', 15],
                ['health-declined', 10],
                ['living-conditions-changed', 5],
              ] as const),
            ]
          : ['not-at-home'],
        ...(rng.chance(0.5) ? { note: rng.pick(VISIT_NOTES) } : {}),
      });
    }
  }
  return { cases, visits };
}
