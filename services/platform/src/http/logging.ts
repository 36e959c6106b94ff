import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from 'pino';

/**
 * Personal data (PIPL) never reaches a log. Two nets, because either alone leaks:
 * - by key: any field whose name says it holds personal data is replaced, at any depth;
 * - by value: anything that looks like a 身份证 number or a mainland mobile number is replaced wherever it
 *   appears (a message, an error text, a URL), since free text does not come with field names.
 * Request bodies are never logged at all.
 */
export const PERSONAL_DATA_KEYS = [
  'authorization', 'cookie', 'set-cookie', 'password', 'token', 'accessToken', 'secret',
  'name', 'fullName', 'givenName', 'familyName', 'headName', 'guardianName', 'contactName',
  'idNumber', 'idCard', 'idCardNumber', 'identityNumber', 'nationalId', 'citizenId',
  'phone', 'mobile', 'telephone', 'contactPhone', 'address', 'email', 'birthDate', 'body',
] as const;

export const REDACTED = '[redacted]';

const KEY_SET = new Set(PERSONAL_DATA_KEYS.map((k) => k.toLowerCase()));
// 18-digit 身份证 (last may be X) and the old 15-digit form; +86 / 11-digit mobiles starting 13–19.
// The look-arounds keep longer digit runs (epoch milliseconds, positions) intact.
const VALUE_PATTERNS = [/(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g, /(?<![0-9])[0-9]{15}(?![0-9])/g, /(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9]{9}(?![0-9])/g];

export function scrubText(text: string): string {
  let out = text;
  for (const p of VALUE_PATTERNS) out = out.replace(p, REDACTED);
  return out;
}

/**
 * Deep copy with personal data replaced. Only plain objects and arrays are walked: requests and replies
 * meet their serializers below, errors the `err` serializer (which scrubs its own output).
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[too deep]'; // unwalked means unscrubbed: drop rather than risk it
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = KEY_SET.has(k.toLowerCase()) && v != null ? REDACTED : scrub(v, depth + 1);
  return out;
}

/** An error for the log: its text scrubbed, its cause chain kept (pino's own view is not a plain object). */
export function errorView(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return scrub(err);
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: scrubText(err.message),
    ...(err.stack ? { stack: scrubText(err.stack) } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(err.cause !== undefined && depth < 4 ? { cause: errorView(err.cause, depth + 1) } : {}),
  };
}

/** Path plus query keys; query values can carry a searched-for name, so they are left out. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const [path, query] = url.split('?', 2);
  const keys = query ? [...new URLSearchParams(query).keys()].map((k) => `${k}=${REDACTED}`).join('&') : '';
  return scrubText(keys ? `${path}?${keys}` : path!);
}

interface RequestLike {
  method?: string;
  url?: string;
  routeOptions?: { url?: string };
  ip?: string;
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go (default stdout); tests pass a stream to read them. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings: PinoOptions = {
    level: options.level ?? 'info',
    // Fixed paths are cheap to redact up front; `scrub` below covers the rest at any depth.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: REDACTED },
    serializers: {
      // Fastify logs `{ req }` / `{ res }` on every request: keep only what an operator needs.
      req: (req: RequestLike) => ({ method: req.method, url: safeUrl(req.url), route: req.routeOptions?.url, remoteAddress: req.ip }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: errorView,
    },
    formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
    hooks: {
      // The message (and any format arguments) is free text.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  // pino's default destination is stdout, written synchronously: the line about a crash is not lost with it.
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** Nest's own messages (bootstrap, route mapping) go to the same pino logger, scrubbed alike. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    if (message instanceof Error) this.logger.error({ err: message, context: stackOrContext }, message.message);
    else this.logger.error({ context: context ?? stackOrContext }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string): void {
    this.logger.fatal({ context }, String(message));
  }
}
