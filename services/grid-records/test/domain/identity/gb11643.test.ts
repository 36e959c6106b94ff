import fc from 'fast-check';
import { PROVINCE_CODES, checkCharacter, checkIdNumber, idRefusal } from '../../../src/domain/identity/gb11643';

const TODAY = '2021-01-15';
/** Build a valid number from its parts. */
const idFrom = (region: string, birth: string, seq: string): string => {
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first17 + checkCharacter(first17);
};

describe('身份证 numbers (GB 11643)', () => {
  test('the standard’s own example validates and gives birth date and sex', () => {
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  test('a lower-case x check character and surrounding blanks are accepted', () => {
    expect(checkIdNumber(' 11010519491231002x ', TODAY)).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
  });

  test('an odd 17th digit means a man', () => {
    expect(checkIdNumber(idFrom('431103', '1960-05-04', '011'), TODAY)).toMatchObject({ ok: true, sex: 'male', regionCode: '431103' });
  });

  test.each([['1101051949123100'], ['11010519491231002XX'], ['1101051949123100A2'], ['']])(
    '“%s” is refused for its length or characters',
    (id) => {
      expect(checkIdNumber(id, TODAY)).toMatchObject({ ok: false, rule: 'id-length' });
    },
  );

  test('a wrong check character is refused as a checksum error', () => {
    expect(checkIdNumber('110105194912310021', TODAY)).toMatchObject({ ok: false, rule: 'id-checksum' });
  });

  test('a birth date that is not a calendar date is refused', () => {
    expect(checkIdNumber(idFrom('431103', '2019-02-30', '001'), TODAY)).toMatchObject({ ok: false, rule: 'id-birth-date' });
  });

  test('a birth date after today is refused', () => {
    expect(checkIdNumber(idFrom('431103', '2021-01-16', '001'), TODAY)).toMatchObject({ ok: false, rule: 'id-birth-date' });
  });

  test('a birth date before 1900 is refused', () => {
    expect(checkIdNumber(idFrom('431103', '1899-12-31', '001'), TODAY)).toMatchObject({ ok: false, rule: 'id-birth-date' });
  });

  test.each([['001103'], ['991103'], ['241103'], ['901103']])('region %s is not a province and is refused', (region) => {
    expect(checkIdNumber(idFrom(region, '1980-01-01', '001'), TODAY)).toMatchObject({ ok: false, rule: 'id-region' });
  });

  test('as a refusal it names the rule, the standard and the field', () => {
    expect(idRefusal('110105194912310021', TODAY, 'members[0].idNumber')).toMatchObject({
      rule: 'id-checksum',
      source: 'GB 11643-1999 公民身份号码',
      field: 'members[0].idNumber',
    });
    expect(idRefusal('11010519491231002X', TODAY)).toBeUndefined();
  });
});

describe('身份证 numbers, by property', () => {
  const provinces = [...PROVINCE_CODES];
  const validId = fc
    .record({
      province: fc.constantFrom(...provinces),
      rest: fc.stringMatching(/^\d{4}$/),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }),
      seq: fc.stringMatching(/^\d{3}$/),
    })
    .map(({ province, rest, birth, seq }) => ({
      id: idFrom(`${province}${rest}`, birth.toISOString().slice(0, 10), seq),
      birth: birth.toISOString().slice(0, 10),
      seq,
    }));

  test('every generated valid number validates, with its birth date and the sex of its sequence', () => {
    fc.assert(
      fc.property(validId, ({ id, birth, seq }) => {
        const r = checkIdNumber(id, TODAY);
        expect(r).toMatchObject({ ok: true, birthDate: birth, sex: Number(seq[2]) % 2 === 1 ? 'male' : 'female' });
      }),
    );
  });

  test('changing any single character to another digit breaks the checksum', () => {
    fc.assert(
      fc.property(validId, fc.nat(17), fc.nat(9), ({ id }, pos, delta) => {
        const old = id[pos]!;
        const digit = old === 'X' ? String(delta) : String((Number(old) + 1 + (delta % 9)) % 10);
        const changed = id.slice(0, pos) + digit + id.slice(pos + 1);
        fc.pre(changed !== id);
        expect(checkIdNumber(changed, TODAY)).toMatchObject({ ok: false, rule: 'id-checksum' });
      }),
    );
  });
});
