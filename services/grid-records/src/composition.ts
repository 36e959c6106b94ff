import { AssistanceCommands } from './application/assistance/assistance-commands';
import { AuditQueries } from './application/audit/audit-queries';
import { CaseQueries } from './application/assistance/case-queries';
import { EligibilityFactsReader } from './application/assistance/eligibility-facts';
import { horizonOf } from './application/horizon';
import { IdRefs } from './application/id-refs';
import { HouseholdCommands } from './application/households/household-commands';
import { HouseholdQueries } from './application/households/household-queries';
import { IdentityClaims } from './application/households/identity-claims';
import { People } from './application/households/people';
import { ResidentCorrections } from './application/households/resident-corrections';
import { ResidentErasure } from './application/households/resident-erasure';
import { CivicStanding } from './application/households/civic-standing';
import { OfficialRelativeCommands } from './application/official-relatives/official-relative-commands';
import type { PersonalDataVault } from './application/personal-data';
import { RegionCommands } from './application/regions/region-commands';
import { RegionOccupancy } from './application/regions/region-occupancy';
import { PaymentRosters } from './application/roster/payment-rosters';
import { RegionRecordsReader } from './application/statistics/region-records';
import { RegionStatistics } from './application/statistics/region-statistics';
import { VisitCommands } from './application/visits/visit-commands';
import { DEFAULT_STANDARDS, type StandardsSet } from './domain';
import { AidHistoryLookup } from './projections/aid-history/aid-history-lookup';
import { CaseLookup } from './projections/assistance/case-lookup';
import { OfficialRelativeLookup } from './projections/official-relatives/official-relative-lookup';
import { PersonLookup } from './projections/person-index/person-lookup';
import { RegionTree } from './projections/regions/region-tree';
import { VisitLookup } from './projections/visits/visit-lookup';
import { RegionStatisticsTallies } from './projections/region-statistics/region-statistics-tallies';
import { keepsRegionStatistics } from './projections/read-models';
import { systemClock, type Clock } from '@grid/platform';
import type { ServiceDeps as PlatformServiceDeps } from '@grid/platform/service';

/** The platform's deps (its config is read by the definition, which passes `leadDays`), and grid-records' own. */
export interface ServiceDeps extends Omit<PlatformServiceDeps, 'config'> {
  /** How many days ahead of today a planned change may take effect (`BUSINESS_DATE_LEAD_DAYS`). */
  leadDays?: number;
  /** 保障标准 by district and date; default: Lengshuitan 2020 (seed 002) for every district. */
  standards?: readonly StandardsSet[];
}

/** The application's objects, wired without a framework: the Nest module hands these to controllers, tests use them directly. */
export interface GridRecordsServices {
  vault: PersonalDataVault;
  /** 身份证 numbers → the references events carry (erasable: docs/audit.md, Erasure). */
  idRefs: IdRefs;
  clock: Clock;
  tree: RegionTree;
  persons: PersonLookup;
  regions: RegionCommands;
  households: HouseholdCommands;
  householdQueries: HouseholdQueries;
  /** 信息更正: request, confirm, reject (README "Corrections"). */
  corrections: ResidentCorrections;
  /** Assistance cases: open, steps (see README "Assistance cases, visits, reports"). */
  assistance: AssistanceCommands;
  caseQueries: CaseQueries;
  visits: VisitCommands;
  visitLog: VisitLookup;
  statistics: RegionStatistics;
  rosters: PaymentRosters;
  /** 近亲属备案: file and withdraw (commands), filings (read model). */
  officialRelatives: OfficialRelativeCommands;
  filings: OfficialRelativeLookup;
  /** Aid from charity and help projects, learned from their events (救助帮扶记录). */
  aidHistory: AidHistoryLookup;
  /** The auditors' questions: timeline, as-of, why, overpayments (docs/audit.md). */
  audit: AuditQueries;
  /** 删除个人信息 (PIPL 第四十七条): recorded, then the person's data key destroyed. */
  erasure: ResidentErasure;
  /** 户籍/居住 and 政治权利 of residents (村民委员会组织法 第十三条): facts elections folds for its rolls. */
  civicStanding: CivicStanding;
}

export function composeServices(deps: ServiceDeps): GridRecordsServices {
  const { store, documents, vault, readModels, clock = systemClock, standards = DEFAULT_STANDARDS } = deps;
  const horizon = horizonOf(clock, deps.leadDays);
  const tree = new RegionTree(documents);
  const persons = new PersonLookup(documents);
  const regions = new RegionCommands(store, readModels, new RegionOccupancy(store, documents, tree), horizon);
  const filings = new OfficialRelativeLookup(documents);
  const idRefs = new IdRefs(vault, persons, filings);
  const identities = new IdentityClaims(store, persons, clock, idRefs);
  const people = new People(vault, idRefs, identities, () => clock.today());
  const households = new HouseholdCommands({ store, vault, people, identities, regions, tree, clock, horizon, sync: readModels });
  const householdQueries = new HouseholdQueries(store, documents);
  const cases = new CaseLookup(documents);
  const facts = new EligibilityFactsReader(store, cases, tree, vault);
  const assistance = new AssistanceCommands({ store, vault, households: householdQueries, facts, horizon, standards, sync: readModels });
  const visitLog = new VisitLookup(documents);
  const records = new RegionRecordsReader(documents, tree, cases);
  return {
    vault,
    idRefs,
    clock,
    tree,
    persons,
    regions,
    households,
    householdQueries,
    corrections: new ResidentCorrections({ store, vault, idRefs, identities, clock, sync: readModels }),
    assistance,
    visitLog,
    caseQueries: new CaseQueries(store, cases),
    visits: new VisitCommands(store, vault, readModels, horizon),
    // `grid_statistics` is kept with the default standards, on stores with atomic writes (gridRecordsProjections);
    // read once built up to the store's head as it is now, at start.
    statistics: new RegionStatistics(records, visitLog, standards, keepsRegionStatistics(documents) && standards === DEFAULT_STANDARDS ? new RegionStatisticsTallies(documents, tree, store) : undefined),
    rosters: new PaymentRosters(store, records, standards),
    officialRelatives: new OfficialRelativeCommands({
      store,
      vault,
      idRefs,
      persons,
      households: householdQueries,
      filings,
      clock,
      sync: readModels,
    }),
    filings,
    aidHistory: new AidHistoryLookup(documents),
    audit: new AuditQueries({ store, cases, tree, records, standards, clock }),
    erasure: new ResidentErasure({ store, vault, cases, sync: readModels }),
    civicStanding: new CivicStanding({ store, sync: readModels }),
  };
}
