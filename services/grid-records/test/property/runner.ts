// One sequence of the property (command-sequences.property.test.ts): run it on a fresh world, then check the
// invariants and the rebuild. `stats` counts over all sequences for the summary the test prints.
import { MemoryDocumentStore, Refusal } from '@grid/platform';
import { PersonRegisteredElsewhere } from '../../src/application/errors';
import { PROGRAMS } from '../../src/domain';
import { rebuildReadModels } from '../../src/projections/read-models';
import { birthYearOf } from '../../src/projections/households/household-view';
import { ctx } from '../application/fixture';
import { invariants } from './invariants';
import { POOL, STRANGER, addDays, district, street, type Step } from './model';
import { eventCount, householdDoc, living, snapshot, startWorld } from './world';

export const stats = { runs: 0, commands: 0, accepted: new Map<string, number>(), refused: new Map<string, number>() };
const countRefusal = (key: string) => stats.refused.set(key, (stats.refused.get(key) ?? 0) + 1);

// ---------------------------------------------------------------------------------------------------------------
// One sequence: run it, then check the invariants and the rebuild.
// ---------------------------------------------------------------------------------------------------------------
export async function runSequence(steps: Step[]): Promise<void> {
  const w = await startWorld();
  try {
    const households: string[] = [];
    const cases: string[] = [];
    const violations: string[] = [];
    let today = '2020-01-10';

    /** One application call: refused cleanly (nothing appended) or accepted. Anything else fails the property. */
    const attempt = async <T>(label: string, call: () => Promise<T>): Promise<T | undefined> => {
      const before = await eventCount(w.store);
      stats.commands += 1;
      try {
        const result = await call();
        stats.accepted.set(label, (stats.accepted.get(label) ?? 0) + 1);
        return result;
      } catch (error) {
        if (!(error instanceof Refusal) && !(error instanceof PersonRegisteredElsewhere)) throw error;
        countRefusal(`${label}:${error.rule}`);
        const after = await eventCount(w.store);
        if (after !== before) violations.push(`${label} refused (${error.rule}) but appended ${after - before} event(s)`);
        return undefined;
      }
    };
    const pickHousehold = (h: number) => (households.length ? households[h % households.length]! : undefined);
    /**
     * A command aimed at a moved-out household must be refused; the one exception the domain documents
     * (decide-life-events.ts) is a late-reported death dated on or before the move-out.
     */
    const movedOutGuard = async (label: string, hid: string, call: () => Promise<unknown>, lateDeathOn?: string) => {
      const before = await householdDoc(w, hid);
      const result = await attempt(label, call);
      if (before?.status !== 'moved-out' || result === undefined) return;
      if (lateDeathOn !== undefined && lateDeathOn <= before.movedOutOn!) return;
      violations.push(`${label} accepted on household ${hid}, moved out on ${before.movedOutOn}`);
    };

    for (const step of steps) {
      today = addDays(today, step.days);
      const on = today;
      switch (step.k) {
        case 'register': {
          const members = step.members.map((p, i) => ({ ...POOL[p]!, relation: i === 0 ? ('head' as const) : step.rels[i - 1]! }));
          const result = await attempt('register', () =>
            w.households.register(
              {
                gridId: w.grids[step.grid]!,
                address: `梅湾路${households.length + 1}号`,
                registration: step.rural ? 'rural' : 'urban',
                members,
                on,
              },
              ctx(),
            ),
          );
          if (result) households.push(result.id);
          break;
        }
        case 'add': {
          const hid = pickHousehold(step.h);
          if (!hid) break;
          await movedOutGuard('add-member', hid, () =>
            w.households.addMember(hid, { member: { ...POOL[step.p]!, relation: step.rel }, on }, ctx()),
          );
          break;
        }
        case 'remove': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const candidates = living(v).filter((m) => m.personId !== v.headId);
          const target = (candidates.length ? candidates : v.members)[step.m % (candidates.length || v.members.length)]!;
          await movedOutGuard('remove-member', hid, () =>
            w.households.removeMember(hid, target.personId, { reason: step.reason, on }, ctx()),
          );
          break;
        }
        case 'change-head': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const candidates = living(v).filter((m) => m.personId !== v.headId);
          const target = (candidates.length ? candidates : v.members)[step.m % (candidates.length || v.members.length)]!;
          await movedOutGuard('change-head', hid, () => w.households.changeHead(hid, { personId: target.personId, on }, ctx()));
          break;
        }
        case 'transfer': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const toGridId = v.gridId === w.grids[0] ? w.grids[1] : w.grids[0];
          await movedOutGuard('transfer', hid, () => w.households.transfer(hid, { toGridId, on }, ctx()));
          break;
        }
        case 'death': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const alive = living(v);
          const target = (alive.length ? alive : v.members)[step.m % (alive.length || v.members.length)]!;
          const others = alive.filter((m) => m.personId !== target.personId);
          const newHeadId =
            target.personId === v.headId && others.length && step.newHead !== null
              ? others[step.newHead % others.length]!.personId
              : undefined;
          // diedOn: today or up to 40 days back, never before the birth date (the pool's births are all before 2016;
          // the view holds the date sealed, the first day after the birth year is surely after it).
          const afterBirth = `${birthYearOf(target) + 1}-01-01`;
          const diedOn = addDays(on, -step.back) < afterBirth ? afterBirth : addDays(on, -step.back);
          await movedOutGuard(
            'record-death',
            hid,
            () =>
              w.households.recordDeath(
                hid,
                target.personId,
                { diedOn, evidence: 'death-certificate', ...(newHeadId ? { newHeadId } : {}) },
                ctx(),
              ),
            diedOn,
          );
          break;
        }
        case 'move-out': {
          const hid = pickHousehold(step.h);
          if (!hid) break;
          await movedOutGuard('move-out', hid, () => w.households.moveOut(hid, { on }, ctx()));
          break;
        }
        case 'case': {
          // 低保 through every step its program has, each step its own command (a refused step leaves the case pending).
          const hid = pickHousehold(step.h);
          if (!hid) break;
          const def = PROGRAMS['minimum-living'];
          const opened = await attempt('open', () => w.assistance.open(hid, { program: 'minimum-living', appliedOn: on }, ctx()));
          if (!opened) break;
          cases.push(opened.id);
          const id = opened.id;
          if (def.homeCheck) {
            const ok = await attempt('home-check', () =>
              w.assistance.step(id, { step: 'home-check', effectiveDate: addDays(on, 1), findings: ['verified'] }, ctx()),
            );
            if (!ok) break;
          }
          const reviewed = await attempt('review', () =>
            w.assistance.step(
              id,
              { step: 'review', effectiveDate: addDays(on, 2), recommended: true, ...(def.classes ? { class: 'B' as const } : {}) },
              ctx(street),
            ),
          );
          if (!reviewed) break;
          if (def.notice) {
            const ok = await attempt('notice', () =>
              w.assistance.step(id, { step: 'notice', effectiveDate: addDays(on, 3), days: 7 }, ctx(street)),
            );
            if (!ok) break;
          }
          await attempt('approve', () =>
            w.assistance.step(id, { step: 'approve', effectiveDate: addDays(on, 12), decidedOn: addDays(on, 12) }, ctx(district)),
          );
          today = addDays(on, 13);
          break;
        }
        case 'exit': {
          if (!cases.length) break;
          const id = cases[step.c % cases.length]!;
          await attempt('exit', () => w.assistance.step(id, { step: 'exit', effectiveDate: on, reason: '收入超标' }, ctx(district)));
          break;
        }
      }
    }

    // Moved-out households accept no change, whatever it is (a final poke at each).
    for (const hid of households) {
      const v = await householdDoc(w, hid);
      if (v?.status !== 'moved-out') continue;
      const someone = v.members[0]!.personId;
      const next = addDays(today, 1);
      await movedOutGuard('poke:add-member', hid, () => w.households.addMember(hid, { member: STRANGER, on: next }, ctx()));
      await movedOutGuard('poke:change-head', hid, () => w.households.changeHead(hid, { personId: someone, on: next }, ctx()));
      await movedOutGuard('poke:transfer', hid, () =>
        w.households.transfer(hid, { toGridId: v.gridId === w.grids[0] ? w.grids[1] : w.grids[0], on: next }, ctx()),
      );
    }

    await w.stop(); // the live runners stop before the rebuild (read-models.ts)
    violations.push(...(await invariants(w, households, cases)));

    // The rebuild: every projection replayed from the store into a fresh document store equals the live one.
    const live = await snapshot(w.documents);
    const rebuilt = new MemoryDocumentStore();
    await rebuildReadModels(w.store, rebuilt);
    expect(violations).toEqual([]);
    expect(await snapshot(rebuilt)).toEqual(live);
    stats.runs += 1;
  } finally {
    await w.stop();
  }
}
