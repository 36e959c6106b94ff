import { z } from 'zod';

/** C0 and C1 control characters, DEL included; tab, line feed and carriage return are checked apart. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make text display in another
 * order than it is stored ("Trojan Source", CVE-2021-42574), so a name or reason could read other than it is.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

const RULES = {
  'unpaired-surrogate': 'the text holds an unpaired UTF-16 surrogate (not valid Unicode)',
  'control-character': 'the text holds a control character',
  'line-break': 'a line break or tab where one line is expected',
  'bidi-control': 'the text holds a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069)',
} as const;

function unsafe(text: string, multiline: boolean): keyof typeof RULES | null {
  if (LONE_SURROGATE.test(text)) return 'unpaired-surrogate';
  if (CONTROL.test(text)) return 'control-character';
  if (!multiline && LINE_BREAK.test(text)) return 'line-break';
  if (BIDI_CONTROL.test(text)) return 'bidi-control';
  return null;
}

/**
 * Free text from a caller (names, reasons, notes, evidence, certificate numbers): refused when it holds control
 * characters, bidi controls or unpaired surrogates, each a 400 naming its rule; then normalised to NFC and trimmed,
 * so the same words are stored (and hashed, compared, searched) the same way however they were typed. `multiline`
 * admits tab and line breaks (notes, reasons).
 */
export function textSchema({ min = 1, max, multiline = false }: { min?: number; max: number; multiline?: boolean }) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const rule = unsafe(text, multiline);
      if (rule) ctx.addIssue({ code: 'custom', message: RULES[rule], params: { rule } });
    })
    .normalize('NFC')
    .trim()
    .min(min)
    .max(max);
}
