export { addDays, daysBetween, yearsBetween, type IsoDate } from '@grid/platform/decider';
