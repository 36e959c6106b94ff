import { Controller, Inject } from '@nestjs/common';
import { z } from 'zod';
import { OPENAPI_DOCUMENT, type OpenApiHolder } from './openapi-file';
import { HttpProblem } from './problem';
import { Route } from './route';

/** What /health and /ready ask of the service; createHttpApp builds one from the event store. */
export interface HealthProbe {
  /** The event store's head position: proves the store answers and shows how far it is. */
  position(): Promise<number>;
  /** Ready to serve (e.g. projections caught up); absent means ready whenever healthy. */
  ready?(): Promise<boolean>;
}
export const HEALTH_PROBE = Symbol('HealthProbe');

const HealthSchema = z.object({ status: z.literal('ok'), position: z.number().int() });
const ReadySchema = z.object({ status: z.literal('ready') });

const unavailable = (slug: string, detail: string) => new HttpProblem(503, slug, 'Service Unavailable', detail, [{ field: '', rule: slug, message: detail }]);

/** Routes every service has: probes and the API description (its reference page is docs-page.ts). */
@Controller()
export class PlatformController {
  constructor(
    @Inject(HEALTH_PROBE) private readonly probe: HealthProbe,
    @Inject(OPENAPI_DOCUMENT) private readonly openapi: OpenApiHolder,
  ) {}

  @Route({ method: 'GET', path: 'health', public: true, summary: { zh: '存活检查', en: 'Liveness, with the event store position' }, response: HealthSchema, tags: ['platform'] })
  async health(): Promise<z.infer<typeof HealthSchema>> {
    let position: number;
    try {
      position = await this.probe.position();
    } catch {
      throw unavailable('store-unavailable', 'the event store does not answer');
    }
    return { status: 'ok', position };
  }

  @Route({ method: 'GET', path: 'ready', public: true, summary: { zh: '就绪检查', en: 'Readiness' }, response: ReadySchema, tags: ['platform'] })
  async ready(): Promise<z.infer<typeof ReadySchema>> {
    const ready = await Promise.all([this.probe.position(), this.probe.ready?.() ?? true]).then(([, r]) => r, () => false);
    if (!ready) throw unavailable('not-ready', 'the service is starting or catching up');
    return { status: 'ready' };
  }

  @Route({ method: 'GET', path: 'openapi.json', public: true, summary: { zh: '接口描述', en: 'OpenAPI 3.1 description' }, tags: ['platform'] })
  document(): unknown {
    return this.openapi.document();
  }
}
