// Masks for read APIs that show personal data to roles without clear-text access (DESIGN.md "Personal
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
 * Keeps the 6-digit region code and the last 4: '330102199001011234' → '330102********1234'. The birth date
 * in the middle is what identifies; a value too short to hide anything between those parts is all stars.
 */
export function maskIdNumber(id: string): string {
  const c = chars(id);
  if (c.length <= 10) return stars(c.length);
  return `${c.slice(0, 6).join('')}${stars(c.length - 10)}${c.slice(-4).join('')}`;
}

/** Keeps the 3-digit carrier prefix and the last 4: '13812345678' → '138****5678'; shorter than 8 is all stars. */
export function maskPhone(phone: string): string {
  const c = chars(phone);
  if (c.length < 8) return stars(c.length);
  return `${c.slice(0, 3).join('')}${stars(c.length - 7)}${c.slice(-4).join('')}`;
}
