export { addDays, addMonths, daysBetween, yearOf, type IsoDate } from '@grid/platform/decider';
