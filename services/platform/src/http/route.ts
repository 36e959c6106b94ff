import { HttpCode, RequestMapping, RequestMethod, SetMetadata, applyDecorators } from '@nestjs/common';
import type { Role } from '@grid/contracts';
import type { z } from 'zod';
import { Public, Roles } from '../auth/access';

export const ROUTE_SPEC_KEY = 'grid:route';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RouteBase {
  method: HttpMethod;
  /** Relative to the controller's path; `:name` parameters as in Nest. */
  path: string;
  summary: { zh: string; en: string };
  description?: string;
  tags?: string[];
  /** Response body (documentation; responses are not validated at run time). */
  response?: z.ZodType;
  /** Success status; default 201 for POST, 200 otherwise. */
  status?: number;
  /** A multipart/form-data upload (readUpload): its text fields; the file part is `file`. Documentation only. */
  upload?: z.ZodObject;
}

/** A route's one declaration: Nest mapping, who may call it, and its /openapi.json entry. */
export type RouteSpec = RouteBase & ({ roles: Role[]; public?: never } | { public: true; roles?: never });

/**
 * `@Route({ method, path, summary, roles, response })` on a handler, with request schemas given where
 * Nest reads them (`@Body({ schema })`, `@Param({ schema })`, `@Query({ schema })`): the OpenAPI
 * document reads those too, so a schema is written once. Do not add @Get/@Post as well.
 */
export function Route(spec: RouteSpec): MethodDecorator {
  const decorators = [RequestMapping({ path: spec.path, method: RequestMethod[spec.method] }), SetMetadata(ROUTE_SPEC_KEY, spec)];
  decorators.push(spec.public ? Public() : Roles(...spec.roles));
  if (spec.status !== undefined) decorators.push(HttpCode(spec.status));
  return applyDecorators(...decorators);
}
