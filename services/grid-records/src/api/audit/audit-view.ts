import type { PersonalDataVault } from '../../application/personal-data';
import { PersonalDataView } from '../personal-data-view';

/** An audit answer with every sealed field opened and masked (auditors see personal data masked here). */
export async function auditedView<T extends object>(vault: PersonalDataVault, answer: T, householdId: string): Promise<T & { disclosure: 'masked' }> {
  const shown = (await new PersonalDataView(vault, 'masked').show(answer, householdId)) as T;
  return { ...shown, disclosure: 'masked' };
}

export { knownAtOf } from '@grid/platform';
