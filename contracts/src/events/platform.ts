import { z } from 'zod';
import { defineEvent } from '../registry';

/**
 * The platform's own probe event: written by contract suites, health checks and benchmarks
 * (streams `test-*` and `bench-*`), never by a service.
 */
export const probeRecorded = defineEvent({
  type: 'platform.probe.recorded',
  schemaVersion: 1,
  description: 'A probe written by platform tests and benchmarks (平台自检事件).',
  data: z.object({ n: z.int(), note: z.string().optional(), payload: z.record(z.string(), z.unknown()).optional() }),
});

export const platformEvents = [probeRecorded];
