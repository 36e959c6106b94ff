import { z } from 'zod';
import { ProgramSchema } from '../grid-records/common';
import { defineEvent } from '../../registry';
import { By, ConsortiumLevelSchema, Id, IsoDate, MemberKindSchema } from './common';

// Stream `consortium-<memberId>`: one member of the 助联体, from joining (入驻) to leaving.

const Reason = z.string().min(1).max(500);

export const memberJoined = defineEvent({
  type: 'help-projects.consortium.member-joined',
  schemaVersion: 1,
  description: 'A department, social organisation or enterprise joined (入驻) the consortium at a level, for a grid-records region.',
  data: z.object({
    memberId: Id,
    /** The organisation's name (an organisation, not a person). */
    name: z.string().min(1).max(200),
    kind: MemberKindSchema,
    level: ConsortiumLevelSchema,
    /** The county, township or village: a grid-records region id. */
    regionId: Id,
    joinedOn: IsoDate,
    by: By,
  }),
});

export const memberSuspended = defineEvent({
  type: 'help-projects.consortium.member-suspended',
  schemaVersion: 1,
  description: 'A member was suspended (暂停) from `on`: it publishes, enrols and serves nothing until reinstated.',
  data: z.object({ memberId: Id, on: IsoDate, reason: Reason, by: By }),
});

export const memberReinstated = defineEvent({
  type: 'help-projects.consortium.member-reinstated',
  schemaVersion: 1,
  description: 'A suspended member was reinstated (恢复) from `on`.',
  data: z.object({ memberId: Id, on: IsoDate, by: By }),
});

export const memberLeft = defineEvent({
  type: 'help-projects.consortium.member-left',
  schemaVersion: 1,
  description: 'A member left the consortium (退出) on `on`; its record stays.',
  data: z.object({ memberId: Id, on: IsoDate, reason: Reason, by: By }),
});

export const benefitListDelivered = defineEvent({
  type: 'help-projects.consortium.benefit-list-delivered',
  schemaVersion: 1,
  description: "A member delivered a household's benefit list (幸福清单送达): the statuses and projects it is entitled to, as codes and ids.",
  data: z.object({
    memberId: Id,
    deliveryId: Id,
    householdId: Id,
    deliveredOn: IsoDate,
    programs: z.array(ProgramSchema).max(20),
    projectIds: z.array(Id).max(100),
    by: By,
  }),
});

export const consortiumEvents = [memberJoined, memberSuspended, memberReinstated, memberLeft, benefitListDelivered];
