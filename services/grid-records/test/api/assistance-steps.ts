// Drives assistance cases through the HTTP API for tests: open, take steps, read back.
import type { LightMyRequestResponse } from 'fastify';
import type { ProgramCode } from '@grid/contracts';
import { PROGRAMS } from '../../src/domain';
import { gridWorker, type Harness } from './harness';

export interface Tokens {
  worker: string;
  street: string;
  /** Another township official: the one who decides what street-wang reviewed (four eyes). */
  streetHead: string;
  district: string;
}

/** Every role a test needs, all scoped to the test district d1 (seedRegions); the worker on every test grid's roster. */
export async function tokensFor(h: Harness): Promise<Tokens> {
  const d1 = [h.regions.d1!];
  return {
    worker: await gridWorker(h, 'd1', 'worker-li'),
    street: await h.token('street-official', d1, 'street-wang'),
    streetHead: await h.token('street-official', d1, 'street-zhou'),
    district: await h.token('district-official', d1, 'district-chen'),
  };
}

const ok = (res: LightMyRequestResponse, what: string): LightMyRequestResponse => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res;
};

/** Registers a household in a grid; answers its id and its members' person ids by relation. */
export async function household(
  h: Harness,
  token: string,
  gridId: string,
  members: unknown[],
  registration: 'urban' | 'rural' = 'urban',
): Promise<{ id: string; person: (relation: string) => string }> {
  const res = ok(
    await h.post('/v1/households', { gridId, address: '梅湾路12号', registration, members, on: '2020-01-10' }, token),
    'register',
  );
  const id = res.json().id as string;
  const read = (await h.get(`/v1/households/${id}`, token)).json().members as { personId: string; relation: string }[];
  return { id, person: (relation) => read.find((m) => m.relation === relation)!.personId };
}

export const open = (h: Harness, token: string, householdId: string, body: Record<string, unknown>) =>
  h.post(`/v1/households/${householdId}/assistance`, body, token);

export const step = (h: Harness, token: string, caseId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.post(`/v1/assistance/${caseId}/steps`, body, token, headers);

/**
 * A status granted through every step its program has, with the roles each step needs; `effectiveDate` is the
 * first day in force. Answers the case id.
 */
export async function grant(
  h: Harness,
  t: Tokens,
  householdId: string,
  body: { program: ProgramCode } & Record<string, unknown>,
  effectiveDate: string,
  review: Record<string, unknown> = {},
): Promise<string> {
  const def = PROGRAMS[body.program];
  const appliedOn = '2020-03-02';
  const caseId = ok(await open(h, t.worker, householdId, { appliedOn, ...body }), `open ${body.program}`).json().id as string;
  if (def.homeCheck)
    ok(await step(h, t.worker, caseId, { step: 'home-check', effectiveDate: '2020-03-05', findings: ['verified'] }), 'home check');
  ok(await step(h, t.street, caseId, { step: 'review', effectiveDate: '2020-03-10', recommended: true, ...review }), 'review');
  if (def.notice) ok(await step(h, t.street, caseId, { step: 'notice', effectiveDate: '2020-03-11', days: 7 }), 'notice');
  ok(await step(h, t.district, caseId, { step: 'approve', effectiveDate, decidedOn: '2020-03-20' }), 'approve');
  return caseId;
}
