import { StandardSchemaValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { validationFailed, type ProblemFieldError } from './problem';

/**
 * Validation is Nest 12's own Standard Schema path: a controller writes
 * `@Body({ schema: VisitBody })`, `@Param({ schema: HouseholdParams })`, `@Query({ schema: ListQuery })`
 * with zod schemas (zod 4 implements Standard Schema), and this one global pipe turns failures into a
 * problem. No per-route pipe, and the same schemas feed /openapi.json.
 */
export class ZodValidationPipe extends StandardSchemaValidationPipe {
  constructor() {
    // The factory sees no metadata, so it only carries the issues out to transform() below.
    super({ transform: true, exceptionFactory: (issues) => new IssuesError(issues) });
  }

  override async transform<T = unknown>(value: T, metadata: ArgumentMetadata): Promise<T> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof IssuesError) throw validationFailed(issuesToErrors(error.issues, metadata.type, metadata.data));
      throw error;
    }
  }
}

/** A Standard Schema issue, plus the zod fields read here (other libraries leave them out: rule 'invalid'). */
interface SchemaIssue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  code?: string;
  params?: { rule?: unknown };
}

class IssuesError extends Error {
  constructor(readonly issues: readonly SchemaIssue[]) {
    super('validation failed');
  }
}

/**
 * zod issue → `{ field, rule, message }`. Body fields are named by their plain dotted path (what a form
 * calls them); path and query parameters are prefixed (`params.regionId`, `query.limit`) because they
 * share no namespace with the body. A custom refinement names its rule with `params: { rule }`.
 */
export function issuesToErrors(issues: readonly SchemaIssue[], location: ArgumentMetadata['type'] = 'body', key?: string): ProblemFieldError[] {
  // `@Param('id', { schema })` validates one value: its issues have an empty path, the key names it.
  const prefix = [...(location === 'param' ? ['params'] : location === 'query' ? ['query'] : []), ...(key ? [key] : [])];
  return issues.map((issue) => {
    const path = (issue.path ?? []).map((s) => String(typeof s === 'object' && s !== null ? s.key : s));
    const rule = issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : (issue.code ?? 'invalid');
    return { field: [...prefix, ...path].join('.'), rule, message: issue.message };
  });
}
