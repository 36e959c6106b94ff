import type { Sealed } from '@grid/contracts';
import { CommandHandler, newId, refused, settled, type Clock, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import {
  GB11643,
  checkIdNumber,
  personDecider,
  type IsoDate,
  type PersonCommand,
  type PersonEvent,
  type PersonState,
  type RegisterOfficialRelative,
  type WithdrawOfficialRelative,
} from '../../domain';
import type { OfficialRelativeLookup } from '../../projections/official-relatives/official-relative-lookup';
import type { PersonLookup } from '../../projections/person-index/person-lookup';
import type { PersonEntry } from '../../projections/person-index/person-index.projection';
import { personStream } from '../assistance/eligibility-facts';
import type { HouseholdQueries } from '../households/household-queries';
import type { IdRefs } from '../id-refs';
import { personSubject, type PersonalDataVault } from '../personal-data';

/** The official (干部/经办人员) as the office files them: personal data in clear, only until sealed here. */
export interface OfficialInput {
  name: string;
  idNumber: string;
  /** 职务 */
  position: string;
  /** 单位 */
  unit: string;
}

/** The relative: a registered resident, by id or by ID number and name (checked against the record). */
export type RelativeInput = { residentId: string } | { idNumber: string; name: string };

export interface FileOfficialRelative {
  official: OfficialInput;
  relative: RelativeInput;
  relation: RegisterOfficialRelative['relation'];
  on: IsoDate;
  note?: string;
}

export type WithdrawFiling = Pick<WithdrawOfficialRelative, 'cause' | 'reason' | 'on'>;

/** A relative found in the district's records: the person, their ID hash and the household they are (last) in. */
export interface LocatedRelative {
  personId: string;
  idHash: string;
  householdId: string;
}

export interface OfficialRelativeDeps {
  store: EventStore;
  vault: PersonalDataVault;
  idRefs: IdRefs;
  persons: PersonLookup;
  households: HouseholdQueries;
  filings: OfficialRelativeLookup;
  clock: Clock;
  sync: ReadModelSync;
}

/**
 * 近亲属备案 (seed 002: 人情保、关系保): the office files that a resident is a close relative of an official, on the
 * resident's `person-<id>` stream, where eligibility reads it (application/assistance/eligibility-facts.ts) and the
 * status rules flag the cases already open. Personal data is sealed as households seal theirs (People.seal): the
 * official's name and ID number under the official's own key, the note under the relative's.
 */
export class OfficialRelativeCommands {
  private readonly persons: CommandHandler<PersonCommand, PersonEvent, PersonState>;

  constructor(private readonly deps: OfficialRelativeDeps) {
    this.persons = new CommandHandler({ store: deps.store, decider: personDecider });
  }

  /** The relative as the person index knows them (null: no such resident); the API checks scope on the household. */
  async locate(relative: RelativeInput): Promise<LocatedRelative | null> {
    const entry =
      'residentId' in relative
        ? await this.deps.persons.byPersonId(relative.residentId)
        : await this.byIdNumber(relative.idNumber);
    // An erased resident keeps no reference to file under.
    return entry?.idHash ? { personId: entry.personId, idHash: entry.idHash, householdId: entry.householdId } : null;
  }

  async file(input: FileOfficialRelative, relative: LocatedRelative, ctx: CommandContext): Promise<WriteResult> {
    if ('name' in input.relative) await this.assertSameName(relative, input.relative.name);
    const officialIdHash = await this.deps.idRefs.of(this.normalised(input.official.idNumber, 'official.idNumber'));
    const registrationId = newId(ctx, 'official-relative');
    // A registered official keeps their own key (shredding them erases them here too); others get one for this filing.
    const officialPersonId = (await this.deps.persons.byIdHash(officialIdHash))?.personId ?? newId(ctx, 'official');
    const [name, idNumber, note] = await Promise.all([
      this.seal(officialPersonId, input.official.name),
      this.seal(officialPersonId, this.normalised(input.official.idNumber, 'official.idNumber')),
      input.note === undefined ? undefined : this.seal(relative.personId, input.note),
    ]);
    const command: RegisterOfficialRelative = {
      type: 'register-official-relative',
      registrationId,
      personId: relative.personId,
      idHash: relative.idHash,
      relation: input.relation,
      official: {
        personId: officialPersonId,
        name,
        idNumber,
        idHash: officialIdHash,
        position: input.official.position,
        unit: input.official.unit,
      },
      ...(note ? { note } : {}),
      on: input.on,
      by: ctx.actor,
    };
    const { expectedRevision: _ignored, ...fresh } = ctx; // a new filing has no version to match
    // Refusals before the official's number, if new, gets its key-file row.
    const stream = personStream(relative.personId);
    personDecider.decide(command, (await this.persons.load(stream)).state);
    const result = await this.deps.idRefs.recording([officialIdHash], () => this.persons.handle(stream, command, fresh));
    return settled(registrationId, result, this.deps.sync);
  }

  /** 撤销备案; `ctx.expectedRevision` (If-Match) is the person stream's revision, as GET answers it. */
  async withdraw(registrationId: string, input: WithdrawFiling, ctx: CommandContext): Promise<WriteResult> {
    const filing = await this.deps.filings.byId(registrationId);
    if (!filing) throw refused('unknown-registration', 'no such filing', { field: 'registrationId' });
    const result = await this.persons.handle(
      personStream(filing.personId),
      { type: 'withdraw-official-relative', registrationId, ...input, by: ctx.actor },
      { ...ctx, reason: input.reason },
    );
    return settled(registrationId, result, this.deps.sync);
  }

  private normalised(idNumber: string, field: string): string {
    const checked = checkIdNumber(idNumber, this.deps.clock.today());
    if (!checked.ok) throw refused(checked.rule, checked.detail, { source: GB11643, field });
    return checked.idNumber;
  }

  private async byIdNumber(idNumber: string): Promise<PersonEntry | null> {
    const ref = await this.deps.idRefs.find(this.normalised(idNumber, 'relative.idNumber'));
    return ref ? this.deps.persons.byIdHash(ref) : null;
  }

  private seal(personId: string, clear: string): Promise<Sealed> {
    return this.deps.vault.seal(personSubject(personId), clear);
  }

  /** ID number and name must both match the record (a mistyped but valid number names someone else). */
  private async assertSameName(relative: LocatedRelative, name: string): Promise<void> {
    const household = await this.deps.households.view(relative.householdId);
    const member = household?.members.find((m) => m.personId === relative.personId);
    const recorded = member ? await this.deps.vault.open(personSubject(relative.personId), member.name) : null;
    if (recorded === null || recorded.trim() !== name.trim()) {
      throw refused('relative-name-mismatch', 'the name does not match the resident registered with this ID number', {
        field: 'relative.name',
      });
    }
  }
}
