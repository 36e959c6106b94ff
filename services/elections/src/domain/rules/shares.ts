import type { Share } from '@grid/contracts';

/** part > share × whole, in integers ("过半数": more than half). */
export const moreThan = (part: number, share: Share, whole: number): boolean => part * share.den > whole * share.num;

/** part ≥ share × whole, in integers ("以上", "不得少于": the figure itself counts). */
export const atLeast = (part: number, share: Share, whole: number): boolean => part * share.den >= whole * share.num;
