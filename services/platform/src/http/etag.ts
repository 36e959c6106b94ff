import { preconditionFailed } from './problem';

/**
 * A stream-backed resource's version is its stream revision, sent as a strong ETag `"<revision>"`;
 * a write's `If-Match: "<revision>"` becomes CommandContext.expectedRevision.
 */
export const etagOf = (revision: number): string => `"${revision}"`;

/**
 * `undefined` when there is no If-Match (or `*`: "any current version"); the revision otherwise. A weak
 * or foreign tag can never equal a strong revision tag (RFC 9110 §13.1.1), so it fails as 412, not 400.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return undefined;
  const match = /^"(0|[1-9][0-9]{0,14})"$/.exec(value);
  if (!match) throw preconditionFailed(`If-Match must be one strong ETag as sent by this API, like "3"`);
  return Number(match[1]);
}
