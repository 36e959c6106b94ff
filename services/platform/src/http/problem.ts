/**
 * RFC 9457 problem details, the one error shape of every API. `errors` always exists (empty when
 * nothing more precise is known) so clients read `errors[0].rule` without checking first.
 */
export interface ProblemFieldError {
  /** Dotted path of the input the rule is about; '' when it is about no single field. */
  field: string;
  /** The rule's name: a zod issue code, a custom refinement's rule, or a domain Refusal's rule. */
  rule: string;
  message: string;
  /** Where a domain rule comes from (a law, a bureau's standard), when it does. */
  source?: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors: ProblemFieldError[];
  /** The request's correlation id, so a caller can quote it to an operator. */
  correlationId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` URIs are URNs: absolute and stable without promising a resolvable web page. */
export const problemType = (slug: string): string => `urn:grid:problem:${slug}`;

/**
 * An error that already knows its HTTP answer. Edges throw these (or the domain's Refusal /
 * ConcurrencyError, which the filter maps); nothing else writes error responses.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** Slug of the problem type, also the rule when no field errors are given. */
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: ProblemFieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${slug}: ${detail}`);
  }
}

export const validationFailed = (errors: ProblemFieldError[], detail = 'the request does not match its schema'): HttpProblem =>
  new HttpProblem(400, 'validation-failed', 'Bad Request', detail, errors);

/**
 * Missing and out-of-scope answer exactly alike (same detail, same rule), so a caller cannot probe for
 * the existence of households outside their grid.
 */
export const notFound = (): HttpProblem =>
  new HttpProblem(404, 'not-found', 'Not Found', 'no such resource', [{ field: '', rule: 'not-found', message: 'no such resource' }]);

export const unauthenticated = (detail: string, invalidToken: boolean): HttpProblem =>
  new HttpProblem(401, 'unauthenticated', 'Unauthorized', detail, [{ field: '', rule: 'unauthenticated', message: detail }], {
    // RFC 6750 §3: the challenge names the scheme; error="invalid_token" only when a token was presented.
    'www-authenticate': invalidToken ? 'Bearer realm="grid", error="invalid_token"' : 'Bearer realm="grid"',
  });

export const forbidden = (detail: string): HttpProblem =>
  new HttpProblem(403, 'forbidden', 'Forbidden', detail, [{ field: '', rule: 'role-not-allowed', message: detail }]);

export const preconditionFailed = (detail: string): HttpProblem =>
  new HttpProblem(412, 'precondition-failed', 'Precondition Failed', detail, [{ field: 'If-Match', rule: 'if-match-mismatch', message: detail }]);

export const conflict = (rule: string, detail: string, headers: Record<string, string> = {}): HttpProblem =>
  new HttpProblem(409, rule, 'Conflict', detail, [{ field: '', rule, message: detail }], headers);

export const unprocessable = (rule: string, detail: string, field = ''): HttpProblem =>
  new HttpProblem(422, rule, 'Unprocessable Content', detail, [{ field, rule, message: detail }]);
