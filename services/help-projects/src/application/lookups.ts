import { regionDirectoryCollection, view, type DirectoryEntry, type DocumentStore, type Filter, type PersonalDataVault, type ProjectedDoc } from '@grid/platform';
import type { EligibilityRule } from '@grid/contracts';
import { withBirthDatesFor } from './birth-dates';
import { withOpenGrades } from './disability-grades';
import type { MemberFacts } from '../domain/consortium/member';
import type { HouseholdFacts } from '../domain/facts/household-facts';
import { HOUSEHOLDS } from '../projections/households.projection';
import { JOINT_CASES, type JointCaseView } from '../projections/joint-cases.projection';
import { BENEFIT_LISTS, MEMBERS, type BenefitListView, type MemberView } from '../projections/members.projection';
import { ENROLMENTS, PROJECTS, SERVICES_DELIVERED, type EnrolmentView, type ProjectView, type ServiceView } from '../projections/projects.projection';

/** The read models as plain views: bookkeeping fields, ids and tombstones left out. */
function clean<T>(doc: ProjectedDoc | null): T | null {
  const v = view<T>(doc);
  if (!v) return null;
  const { _id: _i, ...fields } = v;
  return fields as T;
}

/** Reads of help-projects' own read models (members, projects, enrolments, services, joint cases, household facts). */
export class Lookups {
  /** `vault`: opens sealed disability grades for the rules (without it, as the benches read, they count as unknown). */
  constructor(
    private readonly documents: DocumentStore,
    private readonly vault?: PersonalDataVault,
  ) {}

  /** The facts with the birth dates a rule's age needs on `day` opened (application/birth-dates.ts). */
  forRule = async (rule: EligibilityRule, day: string, households: HouseholdFacts[]): Promise<HouseholdFacts[]> =>
    this.vault ? withBirthDatesFor(this.vault, rule, day, households) : households;

  private opened = async (households: HouseholdFacts[]): Promise<HouseholdFacts[]> => (this.vault ? withOpenGrades(this.vault, households) : households);

  private async get<T>(collection: string, id: string): Promise<T | null> {
    return clean(await this.documents.collection<ProjectedDoc>(collection).get(id));
  }

  private async find<T>(collection: string, filter: Filter = {}): Promise<T[]> {
    return (await this.documents.collection<ProjectedDoc>(collection).find(filter)).map((d) => clean(d)).filter((d): d is T => d !== null);
  }

  member = (memberId: string) => this.get<MemberView>(MEMBERS, memberId);
  members = () => this.find<MemberView>(MEMBERS);
  async memberFacts(memberId: string): Promise<MemberFacts | null> {
    const m = await this.member(memberId);
    return m && { memberId: m.memberId, status: m.status, level: m.level, regionId: m.regionId };
  }
  benefitLists = (from: string, to: string) => this.find<BenefitListView>(BENEFIT_LISTS, { deliveredOn: { $gte: from } }).then((all) => all.filter((d) => d.deliveredOn <= to));

  project = (projectId: string) => this.get<ProjectView>(PROJECTS, projectId);
  projects = () => this.find<ProjectView>(PROJECTS);
  enrolment = (enrolmentId: string) => this.get<EnrolmentView>(ENROLMENTS, enrolmentId);
  enrolmentsOfProject = (projectId: string) => this.find<EnrolmentView>(ENROLMENTS, { projectId });
  enrolmentsOfHousehold = (householdId: string) => this.find<EnrolmentView>(ENROLMENTS, { householdId });
  services = (enrolmentId: string) => this.find<ServiceView>(SERVICES_DELIVERED, { enrolmentId });

  jointCase = (caseId: string) => this.get<JointCaseView>(JOINT_CASES, caseId);
  jointCases = () => this.find<JointCaseView>(JOINT_CASES);

  /** The region directory (grid-records' regions as this service learned them). */
  regions = () => this.find<DirectoryEntry>(regionDirectoryCollection('help-projects'));

  facts = async (householdId: string): Promise<HouseholdFacts | null> => {
    const facts = await this.get<HouseholdFacts>(HOUSEHOLDS, householdId);
    return facts && (await this.opened([facts]))[0]!;
  };
  allFacts = async () => this.opened(await this.find<HouseholdFacts>(HOUSEHOLDS));
  /** Households with a status granted at some time: all the rates count and all a rule naming programs admits (documents written before the flag are read too). */
  factsWithStatus = async () => this.opened(await this.find<HouseholdFacts>(HOUSEHOLDS, { hasStatus: { $ne: false } }));
}
