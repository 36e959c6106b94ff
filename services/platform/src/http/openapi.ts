import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod, type Type } from '@nestjs/common';
import { z } from 'zod';
import { ROUTE_SPEC_KEY, type RouteSpec } from './route';

/** A handler found on a controller, with what Nest and @Route recorded about it. */
export interface DiscoveredRoute {
  controller: Type;
  handler: string;
  method: string;
  /** OpenAPI form: `/households/{householdId}`. */
  path: string;
  spec?: RouteSpec;
  body?: z.ZodType;
  params: { name?: string; schema: z.ZodType }[];
  query: { name?: string; schema: z.ZodType }[];
}

// Nest's RouteParamtypes values (stable since Nest 5): BODY, QUERY, PARAM.
const BODY = 3;
const QUERY = 4;
const PARAM = 5;

export function discoverRoutes(controllers: Iterable<Type>): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const controller of controllers) {
    const prefix = firstPath(Reflect.getMetadata(PATH_METADATA, controller));
    for (const handler of handlerNames(controller)) {
      const fn = (controller.prototype as Record<string, unknown>)[handler];
      if (typeof fn !== 'function' || Reflect.getMetadata(METHOD_METADATA, fn) === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod] ?? 'GET';
      const path = joinPath(prefix, firstPath(Reflect.getMetadata(PATH_METADATA, fn)));
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { data?: unknown; schema?: unknown }>;
      const route: DiscoveredRoute = { controller, handler, method, path, spec: Reflect.getMetadata(ROUTE_SPEC_KEY, fn), params: [], query: [] };
      for (const [key, arg] of Object.entries(args)) {
        if (!(arg.schema instanceof z.ZodType)) continue;
        const type = Number(key.split(':')[0]);
        const entry = { ...(typeof arg.data === 'string' ? { name: arg.data } : {}), schema: arg.schema };
        if (type === BODY) route.body = arg.schema;
        else if (type === PARAM) route.params.push(entry);
        else if (type === QUERY) route.query.push(entry);
      }
      routes.push(route);
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Own and inherited method names (Nest serves routes a controller inherits from a base class). */
function handlerNames(controller: Type): string[] {
  const names = new Set<string>();
  for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}

/** Every route must carry @Route (and so its roles or @Public): an undeclared route fails the boot. */
export function assertRoutesDeclared(routes: DiscoveredRoute[]): void {
  const bare = routes.filter((r) => !r.spec).map((r) => `${r.controller.name}.${r.handler} (${r.method} ${r.path})`);
  if (bare.length > 0) throw new Error(`routes without @Route({ …, roles | public }): ${bare.join(', ')}`);
}

/** Every role a route admits is registered (a typo in @Route's roles would otherwise lock everyone out silently). */
export function assertRolesRegistered(routes: DiscoveredRoute[], roles: { has(name: string): boolean }): void {
  const unknown = routes.flatMap((r) => (r.spec?.roles ?? []).filter((role) => !roles.has(role)).map((role) => `${role} (${r.controller.name}.${r.handler})`));
  if (unknown.length > 0) throw new Error(`routes name roles no service registered: ${[...new Set(unknown)].join(', ')}`);
}

const firstPath = (p: unknown): string => (Array.isArray(p) ? String(p[0] ?? '') : typeof p === 'string' ? p : '');
const joinPath = (...parts: string[]): string =>
  `/${parts.flatMap((p) => p.split('/')).filter((s) => s.length > 0).map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, unknown>> };

/** Shape of every error answer (see problem.ts), published once as a component. */
const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int().min(400).max(599),
  detail: z.string(),
  instance: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string(), source: z.string().optional() })),
});

/** OpenAPI 3.1 from the discovered routes; its schema dialect is JSON Schema 2020-12, what zod 4 emits. */
export function buildOpenApi(routes: DiscoveredRoute[], info: OpenApiInfo): OpenApiDocument {
  const components = new SchemaComponents();
  components.add('Problem', ProblemSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    if (!route.spec) continue;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, route.spec, components);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { schemas: components.schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}

function operation(route: DiscoveredRoute, spec: RouteSpec, components: SchemaComponents): Record<string, unknown> {
  const status = spec.status ?? (route.method === 'POST' ? 201 : 200);
  const parameters = [...pathParameters(route, components), ...fieldParameters('query', route.query, components)];
  if (route.method === 'POST') parameters.push(header('Idempotency-Key', 'Retries with the same key replay the first answer (24 h).'));
  if (route.method !== 'GET') parameters.push(header('If-Match', 'ETag of the version the change is based on; 412 when it is stale.'));
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  const responses: Record<string, unknown> = {
    [String(status)]: { description: spec.summary.en, ...(spec.response ? { content: { 'application/json': { schema: components.inline(spec.response, 'output') } } } : {}) },
    400: problem('Invalid input: errors[] names each field and rule'),
    ...(spec.public ? {} : { 401: problem('No or invalid bearer token'), 403: problem('Role not allowed') }),
    404: problem('Not found, or outside the caller’s scope'),
    ...(route.method === 'GET' ? {} : { 409: problem('Conflict'), 412: problem('If-Match is stale'), 422: problem('Refused by a domain rule (errors[0].rule)') }),
    ...(route.body ? { 413: problem('Body too large'), 415: problem('Body is not application/json') } : {}),
    ...(spec.upload ? { 413: problem('File too large'), 415: problem('Body is not multipart/form-data') } : {}),
    500: problem('Unexpected error (quote the correlationId)'),
  };
  return {
    operationId: `${route.controller.name}.${route.handler}`,
    summary: `${spec.summary.zh} · ${spec.summary.en}`,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags ? { tags: spec.tags } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: components.inline(route.body, 'input') } } } } : {}),
    ...(spec.upload ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: uploadSchema(spec.upload, components) } } } } : {}),
    responses,
    security: spec.public ? [] : [{ bearer: [] }],
    'x-roles': spec.public ? ['public'] : spec.roles,
  };
}

/** An upload's form: its text fields and the file part. */
function uploadSchema(fields: NonNullable<RouteSpec['upload']>, components: SchemaComponents): Record<string, unknown> {
  const form = components.inline(fields, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return {
    ...form,
    type: 'object',
    properties: { ...form.properties, file: { type: 'string', format: 'binary', description: 'the file' } },
    required: [...(form.required ?? []), 'file'],
  };
}

const header = (name: string, description: string) => ({ name, in: 'header', required: false, description, schema: { type: 'string' } });

function pathParameters(route: DiscoveredRoute, components: SchemaComponents): Record<string, unknown>[] {
  const declared = fieldParameters('path', route.params, components);
  // OpenAPI requires every template variable to be declared, also those no schema names.
  const names = new Set(declared.map((p) => p.name));
  for (const [, name] of route.path.matchAll(/\{([^}]+)\}/g)) {
    if (!names.has(name!)) declared.push({ name: name!, in: 'path', required: true, schema: { type: 'string' } });
  }
  return declared;
}

function fieldParameters(where: 'path' | 'query', entries: DiscoveredRoute['params'], components: SchemaComponents): (Record<string, unknown> & { name: string })[] {
  return entries.flatMap(({ name, schema }) => {
    const json = components.inline(schema, 'input');
    if (name) return [{ name, in: where, required: where === 'path' || isRequired(schema), schema: json }];
    const properties = (json.properties ?? {}) as Record<string, unknown>;
    const required = new Set((json.required ?? []) as string[]);
    return Object.entries(properties).map(([field, s]) => ({ name: field, in: where, required: where === 'path' || required.has(field), schema: s }));
  });
}

const isRequired = (schema: z.ZodType): boolean => !schema.safeParse(undefined).success;

/** zod bounds every integer by JavaScript's safe range: no rule of the API, and reference pages show the bound as the example. */
const jsSafeBound = (key: string, v: unknown): boolean =>
  (key === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (key === 'maximum' && v === Number.MAX_SAFE_INTEGER);

/** zod → JSON Schema, with named (`.meta({ id })`) and recursive parts moved into components.schemas. */
class SchemaComponents {
  readonly schemas: Record<string, unknown> = {};

  add(name: string, schema: z.ZodType, io: 'input' | 'output'): void {
    this.schemas[name] = this.inline(schema, io);
  }

  inline(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
    const { $schema: _dialect, $defs, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
    // `#/$defs/X` would resolve against the OpenAPI document's root, where nothing is; components are.
    const rewrite = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value), (key, v: unknown) => {
        if (key === '$ref' && typeof v === 'string') return v.replace(/^#\/\$defs\//, '#/components/schemas/');
        return jsSafeBound(key, v) ? undefined : v;
      });
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) this.schemas[name] = rewrite(def);
    return rewrite(json) as Record<string, unknown>;
  }
}
