import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Refusal } from '../decider/decider';
import { ConcurrencyError, DuplicateEventError } from '../store/event-store';
import { MAX_JSON_DEPTH } from './json-body';
import { HttpProblem, PROBLEM_CONTENT_TYPE, conflict, notFound, preconditionFailed, problemType, type ProblemDetails } from './problem';

/**
 * The one place errors become HTTP answers (docs/style.md §3). Decisions worth knowing:
 * - A domain Refusal is 422 even when it names a field: the input was well-formed and the rule was
 *   decided against the current state. 400 is only for what a schema can tell without any state.
 * - ConcurrencyError is 412 when the request carried If-Match (the caller's version is stale, whether
 *   the check failed at once or a writer slipped in before the append) and 409 without it (the
 *   handler's own retries against concurrent writers ran out).
 * - Anything unexpected is 500 with a fixed text; the error itself goes to the log under the
 *   correlation id quoted in the answer.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error');
    if (reply.sent) return; // a stream that failed midway: nothing can be answered any more
    sendProblem(problem, request, reply);
  }
}

export function sendProblem(problem: HttpProblem, request: FastifyRequest, reply: FastifyReply): void {
  const body: ProblemDetails = {
    type: problemType(problem.slug),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    // The path of a route that exists, never the query (it may hold a searched-for name or ID number); an unknown or
    // malformed URL is not echoed at all.
    ...(request.routeOptions?.url ? { instance: request.url.split('?', 1)[0] } : {}),
    errors: problem.errors,
    correlationId: request.id,
  };
  void reply
    .status(problem.status)
    .headers(problem.headers)
    .type(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify(body));
}

/** Fastify's `frameworkErrors`: what its router refuses before any route (and so before Nest) runs. */
export function answerFrameworkError(error: { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? withRule(414, 'uri-too-long', 'the URL is longer than this API accepts')
      : error.code === 'FST_ERR_BAD_URL'
        ? withRule(400, 'bad-url', 'the URL is not valid percent-encoded UTF-8')
        : withRule(400, 'bad-request', 'the request cannot be routed');
  sendProblem(problem, request, reply);
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser rejects (malformed, headers too large) never becomes a
 * request object, so the answer is written on the socket, as problem+json, and the connection closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, rule, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'the request headers are larger than this API accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'the request was not received in time']
        : [400, 'malformed-request', 'the request is not valid HTTP'];
  const title = STATUS_TEXT[status] ?? 'Bad Request';
  const body = JSON.stringify({ type: problemType(rule), title, status, detail, errors: [{ field: '', rule, message: detail }] });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Fastify's own codes for requests it could not accept (and ours: json-body.ts, rate-limit.ts), and their answers. */
const FASTIFY_BODY_ERRORS: Record<string, [string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['malformed-json', 'the request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['malformed-json', 'the request body is empty but declared as JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid-content-length', 'Content-Length does not match the body'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload-too-large', 'the request body is larger than this API accepts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported-media-type', 'request bodies must be application/json'],
  GRID_RATE_LIMITED: ['rate-limited', 'too many requests from this caller; retry after the seconds in Retry-After'],
  GRID_JSON_TOO_DEEP: ['json-too-deep', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`],
};

export function toProblem(error: unknown, request: FastifyRequest): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof Refusal) {
    return new HttpProblem(422, 'refused', 'Unprocessable Content', error.detail, [
      { field: error.field ?? '', rule: error.rule, message: error.detail, ...(error.source ? { source: error.source } : {}) },
    ]);
  }
  if (error instanceof ConcurrencyError) {
    const ifMatch = request.headers['if-match'];
    return ifMatch !== undefined && ifMatch !== '*'
      ? preconditionFailed('the resource has changed since the version in If-Match; read it again')
      : conflict('concurrency-conflict', 'the resource was changed by concurrent requests; retry');
  }
  if (error instanceof DuplicateEventError) {
    return conflict('duplicate-event', 'this request was already applied differently; read the resource again');
  }
  if (error instanceof HttpException) return fromHttpException(error);
  const own = bodyError(error);
  if (own) return own;
  return new HttpProblem(500, 'internal-error', 'Internal Server Error', 'an unexpected error occurred; quote the correlation id when reporting it');
}

function fromHttpException(error: HttpException): HttpProblem {
  const status = error.getStatus();
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  const known = typeof code === 'string' ? FASTIFY_BODY_ERRORS[code] : undefined;
  if (known) return withRule(status, known[0], known[1]);
  // Unknown routes answer like an unknown resource: no hint about which paths exist.
  if (status === 404) return notFound();
  if (status >= 500) return new HttpProblem(500, 'internal-error', 'Internal Server Error', 'an unexpected error occurred; quote the correlation id when reporting it');
  // Other framework 4xx (405, 406 …): the status text only, since framework messages may echo input.
  return withRule(status, `http-${status}`, STATUS_TEXT[status] ?? 'the request cannot be served');
}

/** A request refused by one of our own fastify hooks or parsers: an error with a known code and a 4xx status. */
function bodyError(error: unknown): HttpProblem | null {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  const known = typeof code === 'string' ? FASTIFY_BODY_ERRORS[code] : undefined;
  return known && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? withRule(statusCode, known[0], known[1]) : null;
}

function withRule(status: number, rule: string, detail: string): HttpProblem {
  return new HttpProblem(status, rule, STATUS_TEXT[status] ?? 'Error', detail, [{ field: status === 415 || status === 400 ? 'body' : '', rule, message: detail }]);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
};
