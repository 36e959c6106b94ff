import { Agent, request } from 'node:http';
import type { LoadResult, LoadSpec } from './load';

/**
 * An open-loop load at a steady rate (wrk2's model): request i is due at start + i/rate, whatever happened to the
 * ones before it, and its latency counts from when it was DUE, not from when a socket was free to send it, so a
 * stall on the server shows in every request that should have gone out meanwhile (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: autocannon 9 gives each connection a quota per second and sends it back to
 * back at the start of the second (lib/httpClient.js `reqsMadeThisSecond`, reset by a 1 s setInterval started
 * together for all connections), so "500/s over 32 connections" is a burst of 500 requests 32 at a time each
 * second, then silence. That measures how long a burst queues, not latency at a sustained rate: even a no-op POST
 * showed p99 ≈ 20 ms that way. autocannon still drives the as-fast-as-answered runs.
 */
export async function runPaced(spec: LoadSpec & { rate: number }): Promise<LoadResult> {
  const target = new URL(spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const total = Math.round(spec.rate * spec.duration);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  let settled = 0;
  const started = performance.now();
  const due = (i: number) => started + (i * 1000) / spec.rate;

  const send = (i: number, done: () => void) => {
    const { path, body } = spec.next();
    const intended = due(i);
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${spec.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const code = String(res.statusCode);
          statusCodes[code] = (statusCodes[code] ?? 0) + 1;
          if (res.statusCode === spec.expect) latencies.push(performance.now() - intended);
          done();
        });
      },
    );
    req.on('error', () => {
      errors += 1;
      done();
    });
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    const finish = () => {
      settled += 1;
      if (settled === total) resolve();
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && due(sent) <= now) send(sent++, finish);
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(1, due(sent) - performance.now())));
    };
    tick();
  });
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const ok = statusCodes[String(spec.expect)] ?? 0;
  return {
    name: spec.name,
    connections: spec.connections,
    rate: spec.rate,
    seconds: round(seconds),
    requests,
    okPerSec: ok / seconds,
    failed: requests - ok + errors,
    statusCodes,
    latencyMs: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      p99_9: at(0.999),
      max: round(latencies[latencies.length - 1] ?? 0),
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
