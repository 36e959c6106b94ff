// Masks for read APIs that show personal data to roles without clear-text access (docs/architecture.md "Personal
// data"). They work on code points, not UTF-16 units, so a rare character (CJK Extension B, a surrogate
// pair) is never split into half a character; each hidden character becomes one `*`, as forms print it.

const chars = (text: string): string[] => Array.from(text.trim());
const stars = (n: number): string => '*'.repeat(Math.max(0, n));

/** Keeps the first character (the surname, mostly): '张三' → '张*', '欧阳娜娜' → '欧***', 'Li Lei' → 'L*****'. */
export function maskName(name: string): string {
  const c = chars(name);
  // A one-character name shown as its first character would be shown in full.
  if (c.length <= 1) return stars(c.length);
  return `${c[0]}${stars(c.length - 1)}`;
}

/**
 * Keeps the 6-digit region code and the last character: '330102199001011234' → '330102***********4'. The
 * birth date and sequence identify (6+4 digits beside a birth date left about ten candidates); the check
 * character follows from the rest and adds nothing. A value too short to hide 7 characters is all stars.
 */
export function maskIdNumber(id: string): string {
  const c = chars(id);
  if (c.length < 14) return stars(c.length);
  return `${c.slice(0, 6).join('')}${stars(c.length - 7)}${c.at(-1)}`;
}

/** Keeps the 3-digit carrier prefix and the last 4: '13812345678' → '138****5678'; shorter than 8 is all stars. */
export function maskPhone(phone: string): string {
  const c = chars(phone);
  if (c.length < 8) return stars(c.length);
  return `${c.slice(0, 3).join('')}${stars(c.length - 7)}${c.slice(-4).join('')}`;
}
