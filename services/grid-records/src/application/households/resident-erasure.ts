import { CommandHandler, refused, settled, type CommandContext, type EventStore, type PersonalDataVault, type ReadModelSync, type WriteResult } from '@grid/platform';
import { isGridRecordsEvent, type Envelope } from '@grid/contracts';
import { FINAL_STAGES, erasureDecider, ERASURE_SOURCE, type ErasureCommand, type ErasureEvent, type ErasureState, type HouseholdEvent, type IsoDate } from '../../domain';
import type { CaseLookup } from '../../projections/assistance/case-lookup';
import { personSubject } from '../personal-data';
import { householdStream } from '../streams';

export interface EraseResident {
  legalBasis: ErasureCommand['legalBasis'];
  reference: string;
  on: IsoDate;
}

/**
 * 删除个人信息 (个人信息保护法 第四十七条): the erasure is recorded on the household's stream, then the person's data key
 * is destroyed and the key file's rows linking their ID numbers to the references in events are deleted (bytes gone
 * from the file: docs/audit.md, Erasure). A retry after a crash in between records nothing new and destroys both.
 */
export class ResidentErasure {
  private readonly erasures: CommandHandler<ErasureCommand, HouseholdEvent | ErasureEvent, ErasureState>;

  constructor(
    private readonly deps: { store: EventStore; vault: PersonalDataVault; cases: CaseLookup; sync: ReadModelSync },
  ) {
    this.erasures = new CommandHandler({ store: deps.store, decider: erasureDecider });
  }

  async erase(householdId: string, personId: string, input: EraseResident, ctx: CommandContext): Promise<WriteResult> {
    await this.assertNothingOpen(householdId, personId);
    const { expectedRevision: _ignored, ...rest } = ctx;
    const result = await this.erasures.handle(householdStream(householdId), { type: 'erase-person', personId, ...input, by: ctx.actor }, rest);
    await this.deps.vault.shred(personSubject(personId));
    await this.deps.vault.forgetIdRefs(idRefsOf(personId, await this.deps.store.readStream(householdStream(householdId))));
    return settled(householdId, result, this.deps.sync);
  }

  /** A status still in force for the person, or a review of their payments still open, keeps its records (社会救助 is paid and audited on them). */
  private async assertNothingOpen(householdId: string, personId: string): Promise<void> {
    const cases = [...(await this.deps.cases.ofPerson(personId)), ...(await this.deps.cases.ofHouseholds([householdId]))];
    const open = cases.find((c) => {
      if (c.paymentReviews.some((r) => r.personId === personId)) return true;
      if (FINAL_STAGES.includes(c.stage)) return false;
      return c.personId === personId || c.coverage.some((m) => m.personId === personId && m.until === null);
    });
    if (open) throw refused('case-open', `case ${open.caseId} (${open.program}) is open on the person or awaits a payment review`, { source: ERASURE_SOURCE });
  }
}

/** Every reference to an ID number the household's stream recorded for the person (a corrected number left one too). */
function idRefsOf(personId: string, events: readonly Envelope[]): string[] {
  const refs = new Set<string>();
  for (const e of events) {
    if (!isGridRecordsEvent(e)) continue;
    if (e.type === 'grid-records.household.registered') e.data.members.filter((m) => m.personId === personId).forEach((m) => refs.add(m.idHash));
    if (e.type === 'grid-records.household.member-added' && e.data.member.personId === personId) refs.add(e.data.member.idHash);
    if (e.type === 'grid-records.resident.details-corrected' && e.data.personId === personId && e.data.corrected.idHash) refs.add(e.data.corrected.idHash);
  }
  return [...refs];
}
