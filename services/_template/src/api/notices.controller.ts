import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, created, notFound, ok, type Principal } from '@grid/platform/http';
import { z } from 'zod';
import type { TemplateServices } from '../composition';
import { NOTICE_READERS, NOTICE_WRITERS, SERVICES } from './roles';

const PostNoticeBody = z
  .object({
    regionId: z.string().min(1).max(100).describe('发布到的区划 · the region the notice is for'),
    title: z.string().trim().min(1).max(200).describe('标题 · title'),
    on: z.iso.date().describe('发布日期 · day posted'),
  })
  .describe('发布公告 · post a notice');
const NoticeParams = z.object({ noticeId: z.string().min(1).max(100) });
const WriteResultSchema = z.object({ id: z.string(), revision: z.int() });
const NoticeSchema = z.object({ noticeId: z.string(), regionId: z.string(), title: z.string(), on: z.string() });
const TAGS = ['notices'];

/** 公告: parse → authorise (role, region scope) → command → answer. */
@Controller('v1/notices')
export class NoticesController {
  constructor(
    @Inject(SERVICES) private readonly services: TemplateServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  @Route({ method: 'POST', path: '', roles: NOTICE_WRITERS, tags: TAGS, summary: { zh: '发布公告', en: 'Post a notice' }, response: WriteResultSchema })
  async post(@Body({ schema: PostNoticeBody }) body: z.infer<typeof PostNoticeBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.scope.assertWithin(caller, body.regionId);
    const result = await this.services.notices.post(body, ctx);
    return created(result, { location: `/v1/notices/${result.id}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':noticeId', roles: NOTICE_READERS, tags: TAGS, summary: { zh: '查看公告', en: 'Read a notice' }, response: NoticeSchema })
  async read(@Param({ schema: NoticeParams }) p: z.infer<typeof NoticeParams>, @Caller() caller: Principal) {
    const notice = await this.services.noticeLookup.get(p.noticeId);
    if (!notice) throw notFound();
    await this.scope.assertWithin(caller, notice.regionId);
    return ok(notice);
  }
}
