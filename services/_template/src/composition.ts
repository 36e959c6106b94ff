import { RegionDirectory } from '@grid/platform';
import type { ServiceDeps } from '@grid/platform/service';
import { NoticeCommands } from './application/notice-commands';
import { NoticeLookup } from './projections/notices.projection';

/** The application's objects, wired without a framework: the Nest module hands them to controllers. */
export interface TemplateServices {
  notices: NoticeCommands;
  noticeLookup: NoticeLookup;
  /** Region scope checks: the service's own directory of grid-records' regions. */
  regions: RegionDirectory;
}

export const composeServices = ({ store, documents, readModels }: ServiceDeps): TemplateServices => ({
  notices: new NoticeCommands(store, readModels),
  noticeLookup: new NoticeLookup(documents),
  regions: new RegionDirectory(documents, 'template'),
});
