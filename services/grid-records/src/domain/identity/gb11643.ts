import { refused, type Refusal } from '@grid/platform/decider';
import { isIsoDate, type IsoDate } from '../shared/dates';

/** 身份证 citizen identity number, GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence, check. */
export const GB11643 = 'GB 11643-1999 公民身份号码';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character by (Σ digit × weight) mod 11. */
const CHECK = '10X98765432';
const EARLIEST_BIRTH = '1900-01-01';

/** Province-level codes (GB/T 2260 first two digits): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export type IdRule = 'id-length' | 'id-checksum' | 'id-birth-date' | 'id-region';

export type IdCheck =
  | { ok: true; idNumber: string; regionCode: string; birthDate: IsoDate; sex: 'male' | 'female' }
  | { ok: false; rule: IdRule; detail: string };

/** Upper-cases a trailing x and drops surrounding blanks, the only normalisation the standard allows. */
export const normaliseIdNumber = (raw: string): string => raw.trim().toUpperCase();

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * Validates an 18-character ID number and derives birth date and sex. Rules run in this order, so a single
 * mistyped digit is always reported as `id-checksum`: length/format, checksum, birth date (real, from 1900,
 * not after `asOf`: the caller's today, since domain code reads no clock), province code.
 */
export function checkIdNumber(raw: string, asOf: IsoDate): IdCheck {
  const id = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, rule: 'id-length', detail: 'an ID number has 17 digits and a check digit or X' };
  if (checkCharacter(id) !== id[17])
    return { ok: false, rule: 'id-checksum', detail: 'the check character does not match the first 17 digits' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate)) return { ok: false, rule: 'id-birth-date', detail: `${birthDate} is not a calendar date` };
  if (birthDate < EARLIEST_BIRTH || birthDate > asOf) {
    return { ok: false, rule: 'id-birth-date', detail: `birth date ${birthDate} must lie between ${EARLIEST_BIRTH} and ${asOf}` };
  }
  const regionCode = id.slice(0, 6);
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return { ok: false, rule: 'id-region', detail: `${id.slice(0, 2)} is not a province code` };
  // The 17th digit is the sequence's last: odd for men, even for women.
  return { ok: true, idNumber: id, regionCode, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/** The same check as a refusal, for callers that refuse a command on an invalid number. */
export function idRefusal(raw: string, asOf: IsoDate, field = 'idNumber'): Refusal | undefined {
  const result = checkIdNumber(raw, asOf);
  return result.ok ? undefined : refused(result.rule, result.detail, { source: GB11643, field });
}
