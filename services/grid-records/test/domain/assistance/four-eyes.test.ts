import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import { district } from '../fixtures';
import { apply, approve, historyOf, homeCheck, notice, review } from './assistance-fixtures';

const given = specFor(assistanceDecider);
/** A district official who also sits in on township reviews: the case where four eyes become two. */
const reviewedByTheApprover = () => historyOf(apply(), homeCheck(), review({ by: district }), notice());

describe('four eyes (双人审核): whoever reviewed a case does not also decide it', () => {
  test('the official who reviewed the case cannot approve it', () => {
    given(...reviewedByTheApprover())
      .when(approve({ by: district }))
      .thenRefuses('four-eyes', { field: 'by.id' });
  });

  test('the official who reviewed the case cannot reject it either', () => {
    given(...reviewedByTheApprover())
      .when({ type: 'reject', on: '2020-03-20', reason: '复核不符', by: district })
      .thenRefuses('four-eyes');
  });

  test('another official of the same level approves it', () => {
    given(...reviewedByTheApprover())
      .when(approve({ by: { id: 'lengshuitan-civil-affairs-liu', role: 'district-official' } }))
      .thenMatches({ type: 'grid-records.assistance.approved', data: expect.objectContaining({ by: { id: 'lengshuitan-civil-affairs-liu', role: 'district-official' } }) });
  });
});
