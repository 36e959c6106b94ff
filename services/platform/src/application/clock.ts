/** A business date, `YYYY-MM-DD`. */
type IsoDate = string;

/** The application's only clock: business "today" for ID checks, and the moment of a disclosure. */
export interface Clock {
  today(): IsoDate;
  now(): string;
}

const CHINA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Business dates are calendar days in China (UTC+8): a child born this morning in Beijing must not be "born
 * tomorrow" until 08:00 UTC, which a UTC date would make it.
 */
export const chinaToday = (at: Date = new Date()): IsoDate => CHINA_DAY.format(at);

export const systemClock: Clock = { today: () => chinaToday(), now: () => new Date().toISOString() };
