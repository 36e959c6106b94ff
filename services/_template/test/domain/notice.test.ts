import { specFor } from '@grid/platform/decider';
import { noticeDecider, type NoticeEvent } from '../../src/domain/notice';

const given = specFor(noticeDecider);
const post = { type: 'post', noticeId: 'n1', regionId: 'c1', title: '换届选举公告', on: '2026-03-01' } as const;
const posted: NoticeEvent = { type: 'template.notice.posted', data: { noticeId: 'n1', regionId: 'c1', title: '换届选举公告', on: '2026-03-01' } };

test('a new notice is posted to its region', () => {
  given().when(post).then(posted);
});

test('a notice posted already is not posted again', () => {
  given(posted).when(post).thenRefuses('already-posted');
});
