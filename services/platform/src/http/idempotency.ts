import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Collection, Doc, DocumentStore } from '../documents/document-store';
import { hashedUuid } from '../store/event-id';
import { conflict, unprocessable, validationFailed } from './problem';
import { HttpResult } from './result';
import { DOCUMENT_STORE } from './tokens';
import type { Config } from '../config/config';

export const IDEMPOTENCY_COLLECTION = 'http_idempotency';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface IdempotencyOptions {
  /** How long a key is remembered (IETF draft: at least 24 h is customary). */
  ttlMs: number;
  /** An in-flight record older than this is taken to be from a process that died mid-request. */
  leaseMs: number;
}
export const IDEMPOTENCY_OPTIONS = Symbol('IdempotencyOptions');
/**
 * The lease is what a write can take: its appends and at most READ_YOUR_WRITES_TIMEOUT_MS (5 s) waiting for the read side, with
 * room to spare. A twin that outlives it runs again with the same event ids, which the store does not append twice.
 */
export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = { ttlMs: 24 * 3600_000, leaseMs: 15_000 };
export const leaseFor = (config: Pick<Config, 'READ_YOUR_WRITES_TIMEOUT_MS'>): number => config.READ_YOUR_WRITES_TIMEOUT_MS + 10_000;

const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 500;

/** Headers replayed with a stored response; others (dates, correlation id) belong to the new request. */
const REPLAYED_HEADERS = ['location', 'etag', 'content-location'];
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

type IdempotencyRecord = Doc & {
  state: 'in-flight' | 'done';
  /** sha256 of method, URL and canonical body: the same key with another request is refused. */
  fingerprint: string;
  leaseUntil: string;
  /** ISO time after which the record is ignored (and a store with TTL support may drop it). */
  expiresAt: string;
  response?: StoredResponse;
};

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.method === 'POST' ? request.headers[IDEMPOTENCY_HEADER] : undefined;
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
    throw validationFailed([{ field: 'Idempotency-Key', rule: 'idempotency-key-format', message: 'one key of 1–255 visible ASCII characters' }]);
  }
  return key;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** What makes two requests "the same": method, URL and canonical JSON body. */
export const requestFingerprint = (request: FastifyRequest): string =>
  sha256(`${request.method} ${request.url}\n${canonicalize(request.body ?? null) ?? ''}`).toString('hex');

/**
 * The id seed of a keyed request (CommandContext.idSeed): per caller, key and request. The request is part of it so
 * that a key reused for another request after its record expired gets other ids.
 */
export const idSeedFor = (sub: string, key: string, fingerprint: string): string => hashedUuid(sub, key, fingerprint, 0);

/**
 * `Idempotency-Key` on POST: the first request runs and its answer is stored; a retry with the same
 * key, caller and request gets that answer again (header `Idempotent-Replayed: true`); the same key with
 * another request is 422; a retry while the first still runs is 409. Failures are not stored, so a
 * retry after an error runs again. Keys are per caller: two callers never see each other's answers.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return from(this.once(request, reply, key, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async once(request: FastifyRequest, reply: FastifyReply, key: string, run: () => Promise<unknown>): Promise<unknown> {
    const records = this.documents.collection<IdempotencyRecord>(IDEMPOTENCY_COLLECTION);
    const id = sha256(`${request.principal?.sub ?? ''}\n${key}`).toString('hex');
    const fingerprint = requestFingerprint(request);
    const now = Date.now();
    const existing = await records.get(id);
    const live = existing && Date.parse(existing.expiresAt) > now ? existing : null;
    if (live) {
      if (live.fingerprint !== fingerprint) {
        throw unprocessable('idempotency-key-reused', 'this Idempotency-Key was used with another request; use a new key for a new request', 'Idempotency-Key');
      }
      if (live.state === 'done' && live.response) return replay(live.response);
      if (Date.parse(live.leaseUntil) > now) throw inFlight(Date.parse(live.leaseUntil) - now);
    }
    const claim: IdempotencyRecord = {
      _id: id,
      state: 'in-flight',
      fingerprint,
      leaseUntil: new Date(now + this.options.leaseMs).toISOString(),
      expiresAt: new Date(now + this.options.ttlMs).toISOString(),
    };
    // Expired or abandoned records are taken over at their version; a lost race means a twin is running.
    if (!(await records.putIfVersion(claim, existing?._version))) throw inFlight(this.options.leaseMs);
    await this.sweep(records, now);
    const claimedVersion = (existing?._version ?? 0) + 1;
    let result: unknown;
    try {
      result = await run();
    } catch (error) {
      await records.delete(id).catch(() => undefined);
      throw error;
    }
    await this.remember(records, { ...claim, state: 'done', response: stored(result, reply) }, claimedVersion);
    return result;
  }

  private nextSweep = 0;

  /** Deletes expired records (a bounded batch, at most once a minute), so the collection holds about a day of keys. */
  private async sweep(records: Collection<IdempotencyRecord>, now: number): Promise<void> {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    await records.ensureIndex({ fields: ['expiresAt'] });
    const expired = await records.find({ expiresAt: { $lt: new Date(now).toISOString() } }, { limit: SWEEP_BATCH });
    await Promise.all(expired.map((r) => records.delete(r._id)));
  }

  private async remember(records: Collection<IdempotencyRecord>, done: IdempotencyRecord, version: number): Promise<void> {
    // The command already succeeded: failing to store its answer only costs a later replay, never the answer.
    await records.putIfVersion(done, version).catch(() => false);
  }
}

/** `Retry-After`: the seconds left on the running request's lease, after which a retry runs or replays. */
function inFlight(leftMs: number): Error {
  const seconds = String(Math.max(1, Math.ceil(leftMs / 1000)));
  return conflict('idempotency-request-in-flight', `a request with this Idempotency-Key is still being processed; retry in ${seconds} s`, { 'retry-after': seconds });
}

function stored(result: unknown, reply: FastifyReply): StoredResponse {
  if (result instanceof HttpResult) return { status: result.status, headers: pick(result.headers), body: jsonCopy(result.body) };
  // A plain return value: Nest has already set the route's status (201 for POST, or @HttpCode).
  return { status: reply.statusCode, headers: pick(reply.getHeaders()), body: jsonCopy(result) };
}

function replay(response: StoredResponse): HttpResult {
  return new HttpResult(response.status, response.body, { ...response.headers, 'idempotent-replayed': 'true' });
}

function pick(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (REPLAYED_HEADERS.includes(name.toLowerCase()) && typeof value === 'string') out[name.toLowerCase()] = value;
  }
  return out;
}

/** The document store keeps JSON only; the replay must equal what the first answer serialised to. */
const jsonCopy = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
