import type { FastifyInstance } from 'fastify';

/** Deeper than any request schema here nests (a few levels); what is deeper is an attack on recursive code. */
export const MAX_JSON_DEPTH = 32;

/**
 * Fastify's defaults also parse text/plain, and a string body would reach the schemas as "invalid type"
 * (400) where the truth is "wrong content type" (415). Only JSON is parsed; anything else is 415. Nesting is
 * counted before JSON.parse, so no recursive code (parse, canonicalize, zod) ever sees a body nested too deep.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (depthOf(body as string) > MAX_JSON_DEPTH) {
      done(Object.assign(new Error(`the request body nests deeper than ${MAX_JSON_DEPTH} levels`), { code: 'GRID_JSON_TOO_DEEP', statusCode: 400 }), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}

/** The deepest nesting of arrays and objects in JSON text, brackets inside strings not counted. */
export function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, (depth += 1));
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
