import { EventRegistry } from '../registry';
import { platformEvents } from './platform';
import { gridRecordsEvents } from './grid-records';
import { electionsEvents } from './elections';
import { helpProjectsEvents } from './help-projects';
import { charityEvents } from './charity';
import { templateEvents } from './template';

export * from './platform';
export * from './grid-records';
export * from './elections';
export * from './help-projects';
export * from './charity';
export * from './template';

/** Every published event type with all its versions. Services add their modules here. */
export const eventRegistry = new EventRegistry().register(...platformEvents, ...gridRecordsEvents, ...electionsEvents, ...helpProjectsEvents, ...charityEvents, ...templateEvents);
