// HTTP for multi-process.infra.test.ts: tokens, calls to grid-records, the region tree and test data.
import type { Role } from '@grid/contracts';
import { signToken, type SigningKeys } from '@grid/platform/http';

let baseUrl = '';
let keys: SigningKeys;
/** The embedded signing key: the test signs, the service verifies with the same file in DATA_DIR/keys. */
export function useSigningKeys(k: SigningKeys): void {
  keys = k;
}
/** Where grid-records listens, as it printed it. */
export function useBaseUrl(url: string): void {
  baseUrl = url;
}

export const token = (role: Role, scope: string[], sub: string) => signToken({ sub, role, scope, ttl: '30m' }, keys);

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A call to grid-records (where useBaseUrl points). */
export const http = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown): Promise<Answer> => httpAt(baseUrl, method, path, bearer, body);

/** A call to the process listening at `base`. */
export async function httpAt(base: string, method: 'GET' | 'POST', path: string, bearer: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function must(method: 'GET' | 'POST', path: string, bearer: string, body: unknown, status: number) {
  const answer = await http(method, path, bearer, body);
  if (answer.status !== status)
    throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A valid 身份证 number (GB 11643: weights 7 9 10 5 8 4 2 1 6 3 …, check character by sum mod 11). */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

let person = 0;
/** A new person each call (sequence numbers 100…): one person, one household. */
const resident = (relation: string, name: string, born: string) => {
  person += 1;
  return { relation, name, idNumber: idNumber(`431103${born.replaceAll('-', '')}${String(100 + person).padStart(3, '0')}`) };
};

export const household = (gridId: string) => ({
  gridId,
  address: '梅湾路12号3栋201',
  registration: 'urban',
  members: [
    resident('head', '王秀英', '1952-03-14'),
    resident('spouse', '李建国', '1950-08-02'),
    resident('child', '李小红', '2012-06-01'),
  ],
  on: '2020-01-10',
});

export const day = (n: number) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

export async function history(householdId: string, bearer: string): Promise<{ eventId: string; type: string; streamRevision: number }[]> {
  const body = await must('GET', `/v1/households/${householdId}/history`, bearer, undefined, 200);
  expect(body.chain.ok).toBe(true);
  return body.events.map((e: { envelope: { eventId: string; type: string; streamRevision: number } }) => e.envelope);
}

/** 冷水滩区 › 梅湾街道 › 梅湾社区 › 第一网格, 第二网格, created by the district official. */
export async function createRegionTree(official: string): Promise<{ district: string; streetId: string; community: string; g1: string; g2: string }> {
  const region = async (parentId: string | null, level: string, name: string) =>
    (await must('POST', '/v1/regions', official, { parentId, level, name, on: '2020-01-01' }, 201)).id as string;
  const district = await region(null, 'district', '冷水滩区');
  const streetId = await region(district, 'street', '梅湾街道');
  const community = await region(streetId, 'community', '梅湾社区');
  const g1 = await region(community, 'grid', '第一网格');
  const g2 = await region(community, 'grid', '第二网格');
  return { district, streetId, community, g1, g2 };
}
