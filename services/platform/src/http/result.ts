import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { etagOf } from './etag';

/**
 * What a controller returns when status or headers matter (201 + Location, ETag). Returning it instead
 * of writing to the reply keeps handlers free of the framework's response object, and lets the
 * idempotency interceptor store exactly what was answered.
 */
export class HttpResult<T = unknown> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

const revisionHeaders = (revision: number | undefined): Record<string, string> => (revision === undefined || revision < 0 ? {} : { etag: etagOf(revision) });

/** 200 with the body; `revision` (the stream revision it reflects) becomes the ETag. */
export const ok = <T>(body: T, options: { revision?: number } = {}): HttpResult<T> => new HttpResult(200, body, revisionHeaders(options.revision));

/** 201 with Location of the new resource and its ETag. */
export const created = <T>(body: T, options: { location: string; revision?: number }): HttpResult<T> =>
  new HttpResult(201, body, { location: options.location, ...revisionHeaders(options.revision) });

/** Writes an HttpResult's status and headers to the reply; plain return values pass through untouched. */
@Injectable()
export class HttpResultInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof HttpResult)) return value;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        reply.status(value.status);
        for (const [name, v] of Object.entries(value.headers)) reply.header(name, v);
        return value.body;
      }),
    );
  }
}
