import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem, validationFailed } from './problem';

/** A spreadsheet of 10,000 register rows is about 1 MB; room for twenty times that, and one file a request. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * `multipart/form-data` for upload routes (@fastify/multipart): parsed only when a handler reads it (`readUpload`),
 * after the caller was authenticated (authenticate-first.ts) and authorised by the guards.
 */
export async function acceptMultipartUploads(fastify: FastifyInstance): Promise<void> {
  await fastify.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 8, parts: 9, fieldSize: 1024 }, throwFileSizeLimit: true });
}

/** One uploaded file and the form's text fields. */
export interface Upload {
  filename: string;
  bytes: Buffer;
  fields: Record<string, string>;
}

/** @fastify/multipart's refusals, as problems naming their rule. */
const MULTIPART_ERRORS: Record<string, [number, string, string]> = {
  FST_REQ_FILE_TOO_LARGE: [413, 'file-too-large', `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`],
  FST_FILES_LIMIT: [413, 'too-many-files', 'one file a request'],
  FST_PARTS_LIMIT: [413, 'too-many-parts', 'the form has too many parts'],
  FST_FIELDS_LIMIT: [413, 'too-many-fields', 'the form has too many fields'],
  FST_PROTO_VIOLATION: [400, 'malformed-multipart', 'a form field is named like an object prototype property'],
};

/**
 * The form's file part `fileField` (read into memory, within MAX_UPLOAD_BYTES) and its text fields. A body that is
 * not multipart is 415, a malformed one 400, a missing file 400 naming the field: never a 5xx for what a client sent.
 */
export async function readUpload(request: FastifyRequest, fileField = 'file'): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported Media Type', 'this route takes multipart/form-data', [
      { field: 'body', rule: 'unsupported-media-type', message: 'this route takes multipart/form-data' },
    ]);
  }
  const fields: Record<string, string> = {};
  let file: { filename: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else if (part.fieldname === fileField && !file) file = { filename: part.filename, bytes: await part.toBuffer() };
      else await part.toBuffer(); // drained: the limits count it, nothing keeps it
    }
  } catch (error) {
    const known = MULTIPART_ERRORS[(error as { code?: string }).code ?? ''];
    const [status, rule, detail] = known ?? [400, 'malformed-multipart', 'the multipart body could not be read'];
    throw new HttpProblem(status, rule, status === 413 ? 'Content Too Large' : 'Bad Request', detail, [{ field: 'body', rule, message: detail }]);
  }
  if (!file) throw validationFailed([{ field: fileField, rule: 'required', message: `the form needs a file part named ${fileField}` }]);
  return { ...file, fields };
}
