import { specFor } from '@grid/platform/decider';
import { auditQueryDecider, type AuditQueryCommand } from '../../../src/domain';

const given = specFor(auditQueryDecider);

const ask = (parameters: Record<string, string>): AuditQueryCommand => ({
  type: 'record-audit-query',
  query: 'why',
  subject: { kind: 'household', id: 'h-1' },
  parameters,
  at: '2026-12-07T08:00:00.000Z',
  by: { id: 'auditor-qian', role: 'auditor' },
});

describe('an audit query is recorded with ids and dates only', () => {
  it('records who asked which question about which household, and when', () => {
    given()
      .when(ask({ status: 'minimum-living', validAt: '2024-12-31', knownAt: '2025-01-01T00:00:00.000+08:00' }))
      .then(
        {
          type: 'grid-records.audit.query-recorded',
          data: {
            query: 'why',
            subject: { kind: 'household', id: 'h-1' },
            parameters: { status: 'minimum-living', validAt: '2024-12-31', knownAt: '2025-01-01T00:00:00.000+08:00' },
            by: { id: 'auditor-qian', role: 'auditor' },
          },
          occurredAt: '2026-12-07T08:00:00.000Z',
        },
      );
  });

  it('refuses a parameter that may be an ID or phone number', () => {
    given().when(ask({ status: '431103195203140021' })).thenRefuses('personal-data-in-query');
    given().when(ask({ status: 'p-13807461234' })).thenRefuses('personal-data-in-query');
  });
});
