export { addDays, ageOn, type IsoDate } from '@grid/platform/decider';
