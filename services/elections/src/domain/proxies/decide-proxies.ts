import { evt, type ElectionEvent } from '../events';
import { created } from '../guards';
import { refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { ElectionCommand, ElectionState } from '../types';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/**
 * 委托投票 (Art 15): a voter away on voting day authorises in writing a near relative who has a vote in the same
 * election; a proxy holds at most the rule set's number of authorisations (default 3).
 */
export function authoriseProxy(cmd: Cmd<'authorise-proxy'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (s.proxiesPublished) throw refused('proxy-list-published', 'the list of principals and proxies is already published', { source: ART.proxy });
  const { principalId, proxyId, relation, authorisationRef, on, by } = cmd;
  const current = s.proxies.get(principalId);
  if (current === proxyId) return [];
  if (current) throw refused('principal-already-authorised', `${principalId} has authorised ${current}`, { source: ART.proxy, field: 'principalId' });
  if (principalId === proxyId) throw refused('proxy-is-principal', 'a voter cannot be their own proxy', { source: ART.proxy, field: 'proxyId' });
  if (!s.roll.has(principalId)) throw refused('principal-not-on-roll', `${principalId} is not on the roll`, { source: ART.proxy, field: 'principalId' });
  if (!s.roll.has(proxyId)) throw refused('proxy-not-on-roll', `${proxyId} has no vote in this election`, { source: ART.proxy, field: 'proxyId' });
  const relatives = s.rules.proxyRelations;
  if (!relatives.value.includes(relation)) throw refused('proxy-not-near-relative', `${relation} is not a near relative`, { source: relatives.source, field: 'relation' });
  const proxies = [...s.proxies.values()];
  if (proxies.includes(principalId)) throw refused('principal-is-proxy', `${principalId} holds authorisations of others`, { source: ART.proxy, field: 'principalId' });
  if (s.proxies.has(proxyId)) throw refused('proxy-is-away', `${proxyId} has authorised a proxy of their own`, { source: ART.proxy, field: 'proxyId' });
  const limit = s.rules.proxyLimit;
  const held = proxies.filter((p) => p === proxyId).length;
  if (held >= limit.value) throw refused('proxy-limit', `${proxyId} already holds ${held} authorisations; at most ${limit.value}`, { source: limit.source, field: 'proxyId' });
  if (authorisationRef.trim().length === 0) throw refused('written-authorisation-required', 'the written authorisation (委托书) is required', { source: ART.proxy });
  return [evt('elections.election.proxy-authorised', { principalId, proxyId, relation, authorisationRef, on, by }, on)];
}

/** The committee publishes the principals and proxies before voting day (Art 15). */
export function publishProxies(cmd: Cmd<'publish-proxies'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (s.proxiesPublished) return [];
  if (cmd.on >= s.votingDay) throw refused('proxy-list-too-late', `the list is published before voting day ${s.votingDay}`, { source: ART.proxy, field: 'on' });
  return [evt('elections.election.proxies-published', { on: cmd.on, count: s.proxies.size, by: cmd.by }, cmd.on)];
}
