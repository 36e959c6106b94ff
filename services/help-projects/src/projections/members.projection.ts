import type { ConsortiumLevel, HelpProjectsEvent, MemberKind } from '@grid/contracts';
import type { Projection } from '@grid/platform';

export const MEMBERS = 'help_projects_members';
export const BENEFIT_LISTS = 'help_projects_benefit_lists';

export type MemberView = { memberId: string; name: string; kind: MemberKind; level: ConsortiumLevel; regionId: string; status: 'active' | 'suspended' | 'left'; joinedOn: string };
/** A 幸福清单 delivered to a household: the numerator of 幸福清单送达率. */
export type BenefitListView = { deliveryId: string; memberId: string; householdId: string; deliveredOn: string };

/** 助联体 members and the benefit lists they delivered, from the service's own consortium events. */
export const membersProjection: Projection<HelpProjectsEvent> = {
  name: 'help-projects.members',
  collections: [MEMBERS, BENEFIT_LISTS],
  handles: [
    'help-projects.consortium.member-joined',
    'help-projects.consortium.member-suspended',
    'help-projects.consortium.member-reinstated',
    'help-projects.consortium.member-left',
    'help-projects.consortium.benefit-list-delivered',
  ],
  indexes: [{ collection: BENEFIT_LISTS, spec: { fields: ['deliveredOn'] } }],
  async apply(e, ctx) {
    const status = (memberId: string, to: MemberView['status']) => ctx.update<MemberView>(MEMBERS, memberId, (m) => m && { ...m, status: to });
    switch (e.type) {
      case 'help-projects.consortium.member-joined': {
        const { memberId, name, kind, level, regionId, joinedOn } = e.data;
        return ctx.update<MemberView>(MEMBERS, memberId, () => ({ memberId, name, kind, level, regionId, status: 'active', joinedOn }));
      }
      case 'help-projects.consortium.member-suspended':
        return status(e.data.memberId, 'suspended');
      case 'help-projects.consortium.member-reinstated':
        return status(e.data.memberId, 'active');
      case 'help-projects.consortium.member-left':
        return status(e.data.memberId, 'left');
      case 'help-projects.consortium.benefit-list-delivered': {
        const { deliveryId, memberId, householdId, deliveredOn } = e.data;
        return ctx.update<BenefitListView>(BENEFIT_LISTS, deliveryId, () => ({ deliveryId, memberId, householdId, deliveredOn }));
      }
    }
  },
};
