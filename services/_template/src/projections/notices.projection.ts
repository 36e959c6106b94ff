import { noticePosted } from '@grid/contracts';
import type { DocumentStore, Projection } from '@grid/platform';

export const NOTICES = 'template_notices';

export type NoticeView = { noticeId: string; regionId: string; title: string; on: string };

/** The notices read model: one document per notice. */
export const noticesProjection: Projection = {
  name: 'template.notices',
  collections: [NOTICES],
  handles: [noticePosted.type],
  async apply(e, ctx) {
    if (e.type !== noticePosted.type) return;
    const d = noticePosted.data.parse(e.data);
    await ctx.update<NoticeView>(NOTICES, d.noticeId, () => ({ noticeId: d.noticeId, regionId: d.regionId, title: d.title, on: d.on }));
  },
};

/** Reads of the notices read model. */
export class NoticeLookup {
  constructor(private readonly documents: DocumentStore) {}

  async get(noticeId: string): Promise<NoticeView | null> {
    const doc = await this.documents.collection<NoticeView & { _id: string; _deleted?: true }>(NOTICES).get(noticeId);
    return doc && !doc._deleted ? { noticeId: doc.noticeId, regionId: doc.regionId, title: doc.title, on: doc.on } : null;
  }
}
