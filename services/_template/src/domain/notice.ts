import { refused, type Decider } from '@grid/platform/decider';

/** 公告 a notice posted to a region (the template's example aggregate; stream `notice-<noticeId>`). */
export type NoticeCommand = { type: 'post'; noticeId: string; regionId: string; title: string; on: string };

export type NoticeEvent = { type: 'template.notice.posted'; data: { noticeId: string; regionId: string; title: string; on: string } };

export interface NoticeState {
  posted: boolean;
}

export const noticeDecider: Decider<NoticeCommand, NoticeEvent, NoticeState> = {
  initialState: { posted: false },
  decide(cmd, s) {
    switch (cmd.type) {
      case 'post':
        if (s.posted) throw refused('already-posted', 'this notice is posted already');
        return [{ type: 'template.notice.posted', data: { noticeId: cmd.noticeId, regionId: cmd.regionId, title: cmd.title, on: cmd.on } }];
    }
  },
  evolve(s, e) {
    switch (e.type) {
      case 'template.notice.posted':
        return { ...s, posted: true };
    }
  },
};
