// Shared test data: actors, sealed placeholders, people. Personal fields are sealed by the application
// layer in real life; here a placeholder stands for the ciphertext.
import type { Actor, Member, Sealed } from '@grid/contracts';

export const gridWorker: Actor = { id: 'worker-li', role: 'grid-worker' };
export const communityOfficial: Actor = { id: 'community-zhang', role: 'community-official' };
export const township: Actor = { id: 'meiwan-street-wang', role: 'street-official' };
/** The township's deciding official: not the reviewer, four eyes. */
export const townshipHead: Actor = { id: 'meiwan-street-zhou', role: 'street-official' };
export const district: Actor = { id: 'lengshuitan-civil-affairs-chen', role: 'district-official' };
export const system: Actor = { id: 'grid-records.rules', role: 'system' };

/** Stands in for an AES-256-GCM sealed value (base64 fields), e.g. sealed('张三'). */
export const sealed = (label: string): Sealed => ({
  keyId: `key-${label.length}`,
  iv: 'AAAAAAAAAAAAAAAA',
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
  ciphertext: Buffer.from(label, 'utf8').toString('base64'),
});

/** A stand-in keyed hash: 64 hex characters derived from a number. */
export const idHash = (n: number): string => n.toString(16).padStart(64, '0');

let nextHash = 1;
/** A member as events hold them; the birth date left in clear here (as v1 events hold it), which the decider reads only from the command. */
export function member(personId: string, relation: Member['relation'], birthDate: string, sex: Member['sex'] = 'female'): Member {
  return { personId, relation, name: sealed(personId), idNumber: sealed(`id-${personId}`), idHash: idHash(nextHash++), birthDate, birthYear: Number(birthDate.slice(0, 4)), sex };
}

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A deep partial event for `thenMatches`, which runs toMatchObject (deep) but is typed with a shallow
 * Partial<E> in the kernel; the event type comes from the call site.
 */
export const like = <E>(partial: DeepPartial<NoInfer<E>>): Partial<E> => partial as Partial<E>;
