import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

/** A legal source or a document reference (判决书文号): never a name or an ID number. */
const Reference = z.string().min(1).max(200);

/**
 * Stream `household-<householdId>`. Where a resident's 户籍 is and where they live decide which voter roll they may
 * stand on (村民委员会组织法 第十三条): a grid worker records both, with the day the residence began.
 */
export const residentResidenceRecorded = defineEvent({
  type: 'grid-records.resident.residence-recorded',
  schemaVersion: 1,
  description:
    'A grid worker recorded where a resident’s 户籍 is (here: in this community; elsewhere) and whether they live here or away (外出), since `since`.',
  data: z.object({
    householdId: Id,
    personId: Id,
    hukou: z.enum(['here', 'elsewhere']),
    living: z.enum(['here', 'away']),
    since: IsoDate,
    on: IsoDate,
    by: By,
  }),
});

/** 剥夺政治权利 (刑法 第五十四条 to 第五十八条), recorded by an official from the judgment: legal source and court reference only. */
export const residentPoliticalRightsDeprived = defineEvent({
  type: 'grid-records.resident.political-rights-deprived',
  schemaVersion: 1,
  description:
    'An official recorded that a court deprived a resident of political rights (被剥夺政治权利) from `from` (until `until`, or for life: null), citing the legal source and the judgment’s reference.',
  data: z.object({
    householdId: Id,
    personId: Id,
    from: IsoDate,
    until: IsoDate.nullable(),
    legalSource: Reference,
    courtReference: Reference,
    on: IsoDate,
    by: By,
  }),
});

export const residentPoliticalRightsRestored = defineEvent({
  type: 'grid-records.resident.political-rights-restored',
  schemaVersion: 1,
  description: 'An official recorded that a resident’s political rights were restored (恢复政治权利) from `on`, citing the legal source and the document’s reference.',
  data: z.object({ householdId: Id, personId: Id, legalSource: Reference, reference: Reference, on: IsoDate, by: By }),
});

export const civicStandingEvents = [residentResidenceRecorded, residentPoliticalRightsDeprived, residentPoliticalRightsRestored];
