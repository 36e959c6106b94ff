import { EventRegistry } from '../registry';
import { platformEvents } from './platform';

export * from './platform';

/** Every published event type with all its versions. Services add their modules here. */
export const eventRegistry = new EventRegistry().register(...platformEvents);
