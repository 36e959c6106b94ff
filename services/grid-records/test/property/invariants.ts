// The invariants a sequence must keep (command-sequences.property.test.ts), checked once it has run and the
// live runners have stopped. Returns the violations, one line each.
import { verifyAll } from '@grid/platform';
import type { AssistanceState } from '../../src/domain';
import type { HouseholdView } from '../../src/projections/households/household-view';
import { PERSON_INDEX, type PersonEntry } from '../../src/projections/person-index/person-index.projection';
import { householdDoc, living, type World } from './world';

export async function invariants(w: World, households: string[], cases: string[]): Promise<string[]> {
  const out: string[] = [];
  const verified = await verifyAll(w.store);
  if (!verified.ok) out.push(`verifyAll: ${JSON.stringify(verified)}`);

  const docs = new Map<string, HouseholdView>();
  for (const hid of households) {
    const v = await householdDoc(w, hid);
    if (!v) {
      out.push(`household ${hid}: no read model document`);
      continue;
    }
    docs.set(hid, v);
    const stream = await w.store.readStream(`household-${hid}`);
    const last = stream[stream.length - 1]!.streamRevision;
    if (v.revision !== last) out.push(`household ${hid}: read model revision ${v.revision} ≠ stream revision ${last}`);
  }

  // Every live household has exactly one living head, the one it names; nobody lives in two live households.
  const livingIn = new Map<string, string>();
  const livingHash = new Map<string, string>();
  for (const [hid, v] of docs) {
    if (v.status !== 'active') continue;
    const alive = living(v);
    // Relations stay as registered (domain evolve.ts): headId is the truth about who is head.
    const heads = alive.filter((m) => m.personId === v.headId);
    if (heads.length !== 1) out.push(`household ${hid}: headId ${v.headId} is not exactly one living member (${heads.length})`);
    for (const m of alive) {
      const other = livingIn.get(m.personId) ?? livingHash.get(m.idHash);
      if (other) out.push(`person ${m.personId} lives in ${other} and ${hid}`);
      livingIn.set(m.personId, hid);
      livingHash.set(m.idHash, hid);
    }
  }
  // person_index agrees, both ways.
  const index = (await w.documents.collection(PERSON_INDEX).find()) as unknown as PersonEntry[];
  const byPerson = new Map(index.map((e) => [e.personId, e]));
  for (const [personId, hid] of livingIn) {
    const e = byPerson.get(personId);
    if (!e || e.householdId !== hid || e.status !== 'member') out.push(`person_index ${personId}: ${JSON.stringify(e)}, lives in ${hid}`);
  }
  for (const e of index)
    if (e.status === 'member' && livingIn.get(e.personId) !== e.householdId)
      out.push(`person_index ${e.personId} says member of ${e.householdId}, living in ${livingIn.get(e.personId) ?? 'none'}`);
  const hashes = index.filter((e) => e.status === 'member').map((e) => e.idHash);
  if (new Set(hashes).size !== hashes.length) out.push('person_index: one idHash is a member twice');

  // A dead person has no status in force after diedOn; a moved-out household none after its move.
  const states = new Map<string, AssistanceState>();
  for (const id of cases) {
    const s = await w.assistance.state(id);
    if (s) states.set(id, s);
  }
  for (const [hid, v] of docs) {
    for (const m of v.members) {
      if (m.diedOn === null) continue;
      if (v.statuses.some((s) => s.personId === m.personId)) out.push(`household ${hid}: dead ${m.personId} keeps a status`);
      for (const [id, s] of states) {
        if (!s.grant || (s.endedOn !== null && s.endedOn <= m.diedOn)) continue;
        if (s.personId === m.personId) out.push(`case ${id}: person program of dead ${m.personId} not ended by ${m.diedOn}`);
        const c = s.coverage.find((x) => x.personId === m.personId);
        if (c && (c.until === null || c.until > m.diedOn))
          out.push(`case ${id}: dead ${m.personId} (died ${m.diedOn}) still covered until ${c.until}`);
      }
    }
    if (v.status === 'moved-out') {
      if (v.statuses.length) out.push(`household ${hid}: moved out on ${v.movedOutOn} but keeps ${v.statuses.length} status(es)`);
      for (const [id, s] of states)
        if (s.householdId === hid && s.grant && (s.endedOn === null || s.endedOn > v.movedOutOn!))
          out.push(`case ${id}: household moved out on ${v.movedOutOn}, case ended ${s.endedOn}`);
    }
  }
  if (w.refusedReactions.length) out.push(`refused reactions: ${JSON.stringify(w.refusedReactions)}`);
  return out;
}
