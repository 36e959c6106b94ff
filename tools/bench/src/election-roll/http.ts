/**
 * The HTTP part of bench:election-roll: the elections service on the embedded default (SQLite store, read side in
 * its worker), a community of `voters` adults appended as grid-records' household events, one election per
 * committee kind (the one-roll rule keeps a person on one roll per kind), each roll published over HTTP and then
 * frozen with POST …/roll/freeze: wall and process CPU time per freeze, the proof fetched over HTTP and checked.
 */
import { createHash } from 'node:crypto';
import { verifyInclusion, type CommitteeKind, type InclusionProof } from '@grid/contracts';
import { elections, type ElectionsServices } from '@grid/elections';
import { loadConfig, openInfrastructure, type EventStore } from '@grid/platform';
import { createLogger, signEmbeddedToken } from '@grid/platform/http';
import { startService } from '@grid/platform/service';

const actor = { id: 'bench-grid-records', role: 'grid-worker' };
const PER_HOUSEHOLD = 4;
const fake = { keyId: 'bench', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' };
const hex = (s: string) => createHash('sha256').update(s).digest('hex');

export interface HttpFigures {
  kinds: number;
  publishMs: number[];
  freezeMs: number[];
  freezeCpuMs: number[];
  proofHttpMs: number;
  proofSteps: number;
  proofCheckMs: number;
}

/** What grid-records would have written: a district, street, community and grid, and households of adults. */
async function appendResidents(store: EventStore, voters: number): Promise<void> {
  const tree = [['d', 'district', null], ['s', 'street', 'd'], ['c', 'community', 's'], ['g', 'grid', 'c']] as const;
  for (const [regionId, level, parentId] of tree) {
    const data = { regionId, level, name: `基准${regionId}`, parentId, on: '2019-01-01', by: actor };
    await store.append(`region-${regionId}`, [{ type: 'grid-records.region.created', data, actor }], { expectedRevision: 'no-stream' });
  }
  const households = Math.ceil(voters / PER_HOUSEHOLD);
  let next = 0;
  const lane = async () => {
    for (let h = next++; h < households; h = next++) {
      const members = Array.from({ length: Math.min(PER_HOUSEHOLD, voters - h * PER_HOUSEHOLD) }, (_, i) => `p-${h}-${i}`).map((personId, i) => ({
        personId,
        relation: i === 0 ? 'head' : 'child',
        name: fake,
        idNumber: fake,
        idHash: hex(personId),
        birthDate: fake,
        birthYear: 1970,
        sex: i % 2 === 0 ? 'female' : 'male',
      }));
      const data = { householdId: `h-${h}`, gridId: 'g', address: fake, registration: 'rural', headId: members[0]!.personId, members, on: '2019-03-01', by: actor };
      await store.append(`household-h-${h}`, [{ type: 'grid-records.household.registered', schemaVersion: 2, data, actor }], { expectedRevision: 'no-stream' });
    }
  };
  // Appends side by side are group-committed: one fsync for many households.
  await Promise.all(Array.from({ length: 32 }, lane));
}

const KINDS: CommitteeKind[] = ['villagers-committee', 'village-affairs-supervision', 'residents-committee', 'residents-affairs-supervision'];
const SEATS: Record<CommitteeKind, { post: string; seats: number }[]> = {
  'villagers-committee': [{ post: 'director', seats: 1 }, { post: 'member', seats: 4 }],
  'residents-committee': [{ post: 'director', seats: 1 }, { post: 'member', seats: 4 }],
  'village-affairs-supervision': [{ post: 'director', seats: 1 }, { post: 'member', seats: 2 }],
  'residents-affairs-supervision': [{ post: 'director', seats: 1 }, { post: 'member', seats: 2 }],
};

export async function measureHttp(dataDir: string, voters: number, runs: number, log: (line: string) => void): Promise<HttpFigures> {
  const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'silent', HTTP_RATE_LIMIT_PER_MINUTE: '1000000' });
  const infra = await openInfrastructure(config);
  const service = await startService(elections, infra, { config, port: 0, logger: createLogger({ level: 'silent' }) });
  try {
    const setup = performance.now();
    await appendResidents(infra.store, voters);
    await service.caughtUp();
    log(`http: ${voters} residents appended as grid-records events and projected in ${((performance.now() - setup) / 1000).toFixed(1)} s`);
    const token = await signEmbeddedToken(config, { sub: 'bench-committee', role: 'election-committee', scope: ['c'], ttl: '1h' });
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${service.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const figures: HttpFigures = { kinds: 0, publishMs: [], freezeMs: [], freezeCpuMs: [], proofHttpMs: 0, proofSteps: 0, proofCheckMs: 0 };
    let last = '';
    for (const kind of KINDS.slice(0, Math.min(runs, KINDS.length))) {
      const stations = [{ stationId: 'st1', name: '投票站', kind: 'polling-station' }];
      const { id } = await post('/v1/elections', { kind, regionId: 'c', term: 11, seats: SEATS[kind], votingDay: '2021-04-20', stations, on: '2021-02-20' });
      await post(`/v1/elections/${id}/audit`, { on: '2021-03-01', auditor: 'bench', reportRef: 'bench' });
      const published = performance.now();
      await post(`/v1/elections/${id}/roll/publish`, { on: '2021-03-20' });
      figures.publishMs.push(performance.now() - published);
      const cpu = process.cpuUsage();
      const started = performance.now();
      await post(`/v1/elections/${id}/roll/freeze`, { on: '2021-03-27' });
      figures.freezeMs.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      figures.freezeCpuMs.push((used.user + used.system) / 1000);
      log(`http: ${kind}: roll published in ${figures.publishMs.at(-1)!.toFixed(0)} ms, frozen in ${figures.freezeMs.at(-1)!.toFixed(0)} ms (CPU ${figures.freezeCpuMs.at(-1)!.toFixed(0)} ms)`);
      figures.kinds += 1;
      last = id;
    }
    const entries = await (service.services as ElectionsServices).roll.entries(last);
    if (entries.length !== voters) throw new Error(`the roll holds ${entries.length} of ${voters} voters`);
    const entry = entries[Math.floor(voters / 2)]!.entryHash;
    const fetched = performance.now();
    const res = await fetch(`${service.url}/v1/elections/${last}/roll/proof?entry=${entry}`, { headers: { authorization: `Bearer ${token}` } });
    const proof = (await res.json()) as InclusionProof;
    figures.proofHttpMs = performance.now() - fetched;
    const checks = 1_000;
    const checked = performance.now();
    for (let i = 0; i < checks; i++) if (!verifyInclusion(proof)) throw new Error('the served proof did not verify');
    figures.proofCheckMs = (performance.now() - checked) / checks;
    figures.proofSteps = proof.path.length;
    log(`http: proof served in ${figures.proofHttpMs.toFixed(0)} ms (${proof.path.length} steps), checked in ${figures.proofCheckMs.toFixed(3)} ms`);
    return figures;
  } finally {
    await service.close();
    await infra.close();
  }
}
