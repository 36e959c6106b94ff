import type { Sealed } from '@grid/contracts';
import type { Principal } from '@grid/platform/http';
import type { GridRecordsServices } from '../composition';
import { ERASED, householdSubject, isSealed, personSubject, type PersonalDataVault } from '../application/personal-data';
import { maskIdNumber, maskName, maskPhone } from '@grid/platform';

export { ERASED };

/** How personal fields are shown: in clear, or masked (张*, 330102***********4, 138****5678, birth year only). */
export type Disclosure = 'clear' | 'masked';

/**
 * By role and roster: a grid worker sees people in clear only while on the roster (today) of every grid the view
 * covers, not by the token's scope alone, so an unassigned or ended worker sees them masked; officials see them
 * masked; auditors masked unless they reveal with a reason (recorded first, see HouseholdReads).
 */
export async function disclosureFor(
  services: Pick<GridRecordsServices, 'tree' | 'clock'>,
  caller: Principal,
  gridIds: readonly string[] | 'all',
  revealed = false,
): Promise<Disclosure> {
  if (caller.role === 'auditor') return revealed ? 'clear' : 'masked';
  if (caller.role !== 'grid-worker' || gridIds === 'all') return 'masked';
  return (await services.tree.servesAll(caller.sub, gridIds, services.clock.today())) ? 'clear' : 'masked';
}

/** The address keeps its leading words before any number (the road), enough to know the area, not the door. */
const maskAddress = (address: string): string => `${/^\D{1,6}/u.exec(address.trim())?.[0] ?? ''}****`;
/** Masks by field name; a 残疾证 number is the 身份证 number plus two digits, masked like it. */
const MASKS = new Map<string, (clear: string) => string>([
  ['name', maskName],
  ['idNumber', maskIdNumber],
  ['phone', maskPhone],
  ['address', maskAddress],
  ['certificateNo', maskIdNumber],
  // Sealed so that erasure reaches them, shown to whoever sees the record as before: a decision's reason, a disability.
  ['reason', (clear) => clear],
  ['kind', (clear) => clear],
  ['grade', (clear) => clear],
  ['previousGrade', (clear) => clear],
  // Sealed since v2 of the member events; masked, the year only (as a clear one below).
  ['birthDate', (clear) => clear.slice(0, 4)],
]);
// Anything sealed that is not a known field (a visit's note, future free text) shows nothing when masked.
const maskUnknown = (): string => '***';

/**
 * Replaces every sealed value in a JSON value (an event's data, a read model) by its text as this caller may see
 * it; 已删除 once the person's key was destroyed. The key is found by the convention the writers follow
 * (application/personal-data.ts): the nearest `personId` beside or above the field, else the household's.
 */
export class PersonalDataView {
  constructor(
    private readonly vault: PersonalDataVault,
    readonly disclosure: Disclosure,
  ) {}

  /** One sealed field of a known kind (`name`, `idNumber`, `phone`, `address`, `certificateNo`). */
  async text(sealed: Sealed | null, subjectId: string, kind: string): Promise<string | null> {
    if (sealed === null) return null;
    const clear = await this.vault.open(subjectId, sealed);
    if (clear === null) return ERASED;
    return this.disclosure === 'clear' ? clear : (MASKS.get(kind) ?? maskUnknown)(clear);
  }

  /** A field events seal since v2 (clear in v1 events: shown as written), as `text` shows it. */
  async field(value: Sealed | string | number, subjectId: string, kind: string): Promise<string> {
    return isSealed(value) ? ((await this.text(value, subjectId, kind)) ?? ERASED) : String(value);
  }

  /** Every sealed value anywhere in `value` (an event's data), shown as `text` shows it. */
  show(value: unknown, householdId: string): Promise<unknown> {
    return this.walk(value, householdSubject(householdId), householdSubject(householdId), '');
  }

  /**
   * The stored envelope as this caller may see it: unchanged in a clear view; in a masked one its birth dates cut
   * to the year, so only a clear view re-checks the hash itself (a masked one has the server's chain check).
   */
  envelope<E extends { data: unknown }>(envelope: E): E {
    return this.disclosure === 'clear' ? envelope : { ...envelope, data: yearsOnly(envelope.data) };
  }

  private async walk(value: unknown, subject: string, householdKey: string, key: string): Promise<unknown> {
    if (isSealed(value)) return this.text(value, subject, key);
    // Beside the region code of a masked ID number a birth date narrows it to a few candidates: the year only.
    if (key === 'birthDate' && typeof value === 'string' && this.disclosure === 'masked') return value.slice(0, 4);
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.walk(v, subject, householdKey, key)));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const own = typeof record.personId === 'string' ? personSubject(record.personId) : subject;
    const entries = await Promise.all(
      Object.entries(record).map(async ([k, v]) => [k, await this.walk(v, k === 'address' ? householdKey : own, householdKey, k)] as const),
    );
    return Object.fromEntries(entries);
  }
}

function yearsOnly(value: unknown, key = ''): unknown {
  if (key === 'birthDate' && typeof value === 'string') return value.slice(0, 4);
  if (Array.isArray(value)) return value.map((v) => yearsOnly(v));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, yearsOnly(v, k)]));
}
