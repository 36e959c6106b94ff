import { donorDecider, type DonorCommand } from '../../src/domain/donor/donor';
import { qualifiedOn } from '../../src/domain/organisation/organisation';
import { QUALIFIED } from './campaign-fixtures';
import { givenOn, staff } from './fixtures';

const given = givenOn(donorDecider);
const sealed = { keyId: 'k-donor-7', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' };
const resident = (over: Partial<DonorCommand> = {}): DonorCommand =>
  ({ type: 'register-donor', donorId: 'donor-7', kind: 'person', personId: 'p-lingyun-0042-1', publicName: 'named', on: '2020-09-05', by: staff, ...over }) as DonorCommand;

describe('donors: no personal data in clear; a donor may stay unnamed in public', () => {
  test('a resident donor is registered by their grid-records person id only', () => {
    given().when(resident()).thenMatches({ type: 'charity.donor.registered', data: { kind: 'person', personId: 'p-lingyun-0042-1', publicName: 'named' } });
  });

  test('a person is a person id or a sealed name, not both', () => {
    given().when(resident({ sealedName: sealed } as Partial<DonorCommand>)).thenRefuses('person-identified-once');
  });

  test('a person donor has no organisation name, where a name would be in clear', () => {
    given().when(resident({ organisationName: '张三' } as Partial<DonorCommand>)).thenRefuses('person-identified-once');
  });

  test('an organisation donor has its name and no personal fields', () => {
    given().when(resident({ kind: 'organisation', personId: undefined } as Partial<DonorCommand>)).thenRefuses('organisation-named');
  });

  test('a donor asks to stay unnamed in public', () => {
    given(...donorDecider.decide(resident(), null))
      .when({ type: 'set-public-name', publicName: 'unnamed', on: '2020-10-01', by: staff })
      .thenMatches({ type: 'charity.donor.public-name-changed', data: { publicName: 'unnamed' } });
  });
});

describe('the public-fundraising qualification (公开募捐资格) in force on a day', () => {
  test.each([
    ['2017-05-31', false],
    ['2017-06-01', true],
  ])('granted from 2017-06-01: on %s %s', (on, held) => {
    expect(qualifiedOn(QUALIFIED, on)).toBe(held);
  });

  test('revoked on a day, it no longer holds that day', () => {
    expect(qualifiedOn({ ...QUALIFIED, revokedOn: '2021-06-01' }, '2021-06-01')).toBe(false);
  });
});
