import type { NearRelation } from '@grid/contracts';
import type { ElectionCommand } from '../../src/domain/types';
import { after, chair, frozen, given, issue, issueByProxy, readyToVote } from './fixtures';

const authorise = (principalId: string, proxyId: string, relation: NearRelation = 'child'): ElectionCommand => ({
  type: 'authorise-proxy',
  principalId,
  proxyId,
  relation,
  authorisationRef: `委托书-${principalId}`,
  on: '2021-04-10',
  by: chair,
});
const publishProxies = (on = '2021-04-15'): ElectionCommand => ({ type: 'publish-proxies', on, by: chair });

describe('proxies (委托投票, Art 15)', () => {
  test('a voter working away authorises her son, who has a vote in the same election', () => {
    given(...frozen())
      .when(authorise('v2', 'v1'))
      .then({
        type: 'elections.election.proxy-authorised',
        data: { principalId: 'v2', proxyId: 'v1', relation: 'child', authorisationRef: '委托书-v2', on: '2021-04-10', by: chair },
        occurredAt: '2021-04-10',
      });
  });

  test('a proxy holding three authorisations is accepted', () => {
    given(...after(frozen(), authorise('v2', 'v1'), authorise('v3', 'v1')))
      .when(authorise('v4', 'v1', 'spouse'))
      .thenMatches({ type: 'elections.election.proxy-authorised', data: { proxyId: 'v1' } });
  });

  test('a fourth authorisation to the same proxy is refused, naming the provincial limit', () => {
    given(...after(frozen(), authorise('v2', 'v1'), authorise('v3', 'v1'), authorise('v4', 'v1')))
      .when(authorise('v5', 'v1'))
      .thenRefuses('proxy-limit');
  });

  test('a proxy who is not a near relative is refused', () => {
    given(...frozen())
      .when({ ...authorise('v2', 'v1'), relation: 'neighbour' } as unknown as ElectionCommand)
      .thenRefuses('proxy-not-near-relative');
  });

  test('a proxy without a vote in this election is refused', () => {
    given(...frozen())
      .when(authorise('v2', 'outsider'))
      .thenRefuses('proxy-not-on-roll');
  });

  test('a voter who is away themselves cannot hold authorisations', () => {
    given(...after(frozen(), authorise('v1', 'v3')))
      .when(authorise('v2', 'v1'))
      .thenRefuses('proxy-is-away');
  });

  test('a principal authorises one proxy only', () => {
    given(...after(frozen(), authorise('v2', 'v1')))
      .when(authorise('v2', 'v3'))
      .thenRefuses('principal-already-authorised');
  });

  test('the list of principals and proxies is published before voting day', () => {
    given(...after(frozen(), authorise('v2', 'v1')))
      .when(publishProxies('2021-04-19'))
      .thenMatches({ type: 'elections.election.proxies-published', data: { count: 1 } });
  });

  test('a list published on voting day is refused', () => {
    given(...frozen())
      .when(publishProxies('2021-04-20'))
      .thenRefuses('proxy-list-too-late');
  });

  test('no authorisation after the list is published', () => {
    given(...after(frozen(), publishProxies()))
      .when(authorise('v2', 'v1'))
      .thenRefuses('proxy-list-published');
  });

  const withProxy = () => after(readyToVote(), authorise('v9', 'v1'), publishProxies());

  test('the proxy takes the ballot of the principal', () => {
    given(...withProxy())
      .when(issueByProxy('v9', 'v1'))
      .thenMatches({ type: 'elections.election.ballot-issued', data: { voterId: 'v9', via: 'proxy', proxyId: 'v1' } });
  });

  test('someone who voted in person cannot also be voted for by proxy', () => {
    given(...after(withProxy(), issue('v9', 'box-1')))
      .when(issueByProxy('v9', 'v1'))
      .thenRefuses('ballot-already-issued');
  });

  test('someone voted for by proxy cannot also vote in person', () => {
    given(...after(withProxy(), issueByProxy('v9', 'v1')))
      .when(issue('v9', 'box-1'))
      .thenRefuses('ballot-already-issued');
  });

  test('a ballot for someone who authorised another proxy is refused', () => {
    given(...withProxy())
      .when(issueByProxy('v9', 'v2'))
      .thenRefuses('no-proxy-authorisation');
  });
});
