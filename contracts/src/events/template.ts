import { z } from 'zod';
import { defineEvent } from '../registry';

/**
 * The one event of services/_template, the service to copy (docs/adding-a-service.md): a copy registers its own
 * events in a file like this one and its categories in topics.ts.
 */
export const noticePosted = defineEvent({
  type: 'template.notice.posted',
  schemaVersion: 1,
  description: 'A notice (公告) was posted to a region: the example event of the service template.',
  data: z.object({
    noticeId: z.string().min(1).max(100),
    regionId: z.string().min(1).max(100),
    title: z.string().min(1).max(200),
    on: z.iso.date(),
  }),
});

export const templateEvents = [noticePosted];
