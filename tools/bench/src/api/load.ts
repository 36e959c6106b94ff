import autocannon from 'autocannon';

export interface LoadSpec {
  name: string;
  url: string;
  token: string;
  /** Called once per request: every request gets its own path and body. */
  next: () => { path: string; body: string };
  connections: number;
  /** Seconds. */
  duration: number;
  /** Requests per second over all connections; absent: as fast as the server answers. */
  rate?: number;
  /** With a rate: autocannon's overallRate (1 s bursts, see paced.ts) instead of the paced generator. */
  burst?: boolean;
  /** The status a correct answer has (201 for a registration, 200 for a transfer). */
  expect: number;
}

export interface LoadResult {
  name: string;
  connections: number;
  rate: number | null;
  seconds: number;
  requests: number;
  /** Answers with the expected status per second: the figure. Anything else is counted as failed. */
  okPerSec: number;
  failed: number;
  statusCodes: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; p99_9: number; max: number; mean: number };
}

/**
 * One autocannon run. At a fixed rate autocannon corrects latencies for coordinated omission (a request that
 * could not be sent on time counts from when it should have been sent), so p99 is what a client would see.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.duration,
        timeout: 30,
        ...(spec.rate ? { overallRate: spec.rate } : {}),
        requests: [
          {
            method: 'POST',
            path: '/', // replaced per request by setupRequest
            headers: { authorization: `Bearer ${spec.token}`, 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, ...spec.next() }),
          },
        ],
      },
      (error, r) => {
        if (error) return reject(error);
        const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
        const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
        const ok = statusCodes[String(spec.expect)] ?? 0;
        resolve({
          name: spec.name,
          connections: spec.connections,
          rate: spec.rate ?? null,
          seconds: r.duration,
          requests,
          okPerSec: ok / r.duration,
          failed: requests - ok + r.errors,
          statusCodes,
          latencyMs: {
            p50: r.latency.p50,
            p90: r.latency.p90,
            p99: r.latency.p99,
            p99_9: r.latency.p99_9,
            max: r.latency.max,
            mean: r.latency.mean,
          },
        });
      },
    );
  });
}
