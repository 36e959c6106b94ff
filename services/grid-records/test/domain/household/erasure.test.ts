import { specFor } from '@grid/platform/decider';
import { erasureDecider, type ErasureCommand } from '../../../src/domain/household/erasure';
import { district } from '../fixtures';
import { died, registered, son } from './household-fixtures';

const given = specFor(erasureDecider);
const erase = (personId: string, reference = '冷民删字〔2026〕3号'): ErasureCommand => ({
  type: 'erase-person',
  personId,
  legalBasis: 'purpose-fulfilled',
  reference,
  on: '2026-12-01',
  by: district,
});
const erased = (personId: string) => ({
  type: 'grid-records.resident.erased' as const,
  data: { householdId: 'h-liu', personId, legalBasis: 'purpose-fulfilled' as const, reference: '冷民删字〔2026〕3号', on: '2026-12-01', by: district },
  occurredAt: '2026-12-01',
});

describe('删除个人信息 (个人信息保护法 第四十七条)', () => {
  test('a resident who died is erased on a legal basis, recorded with the decision’s reference', () => {
    given(registered(), died(son.personId, '2024-06-15', son.idHash)).when(erase(son.personId)).then(erased(son.personId));
  });

  test('a resident still on the register is kept under a legal duty', () => {
    given(registered()).when(erase(son.personId)).thenRefuses('still-registered');
  });

  test('erasing the same person again records nothing', () => {
    given(registered(), died(son.personId, '2024-06-15', son.idHash), erased(son.personId)).when(erase(son.personId)).thenNothing();
  });

  test('the reference names the decision, never an ID number', () => {
    given(registered(), died(son.personId, '2024-06-15', son.idHash))
      .when(erase(son.personId, '431103196509100011'))
      .thenRefuses('personal-data-in-reference', { field: 'reference' });
  });

  test('someone who never belonged to the household is not erased here', () => {
    given(registered()).when(erase('p-stranger')).thenRefuses('not-a-member', { field: 'personId' });
  });
});
