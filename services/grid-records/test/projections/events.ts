// Appends domain-shaped events straight to a store, for projection tests that do not need the deciders.
import type { Actor, Envelope, Member, Sealed } from '@grid/contracts';
import type { MemoryEventStore } from '@grid/platform';
import { appendAndRead } from '@grid/platform/testing';
import type { EventDataMap } from '../../src/domain';

export const clerk: Actor = { id: 'clerk', role: 'grid-worker' };

export async function append<T extends keyof EventDataMap>(
  store: MemoryEventStore,
  streamId: string,
  type: T,
  data: EventDataMap[T],
): Promise<Envelope> {
  const [event] = await appendAndRead(store, streamId, [{ type, data: data as Record<string, unknown>, actor: clerk }], { expectedRevision: 'any' });
  return event!;
}

const sealed = (label: string): Sealed => ({ keyId: 'k', iv: 'AAAA', tag: 'AAAA', ciphertext: Buffer.from(label).toString('base64') });
export const hash = (n: number): string => n.toString(16).padStart(64, '0');
export const member = (personId: string, n: number, relation: Member['relation'] = 'head'): Member => ({
  personId,
  relation,
  name: sealed(personId),
  idNumber: sealed(`id-${personId}`),
  idHash: hash(n),
  birthDate: '1970-01-01',
  birthYear: 1970,
  sex: 'male',
});

export const registered = (
  householdId: string,
  gridId: string,
  members: Member[],
  on = '2020-01-01',
): EventDataMap['grid-records.household.registered'] => ({
  householdId,
  gridId,
  address: sealed('addr'),
  registration: 'urban',
  headId: members[0]!.personId,
  members,
  on,
  by: clerk,
});
