/** Six digits in a row may be (part of) an ID, phone or certificate number: text kept in clear must not hold one. */
export const holdsPersonalNumber = (text: string): boolean => /\d{6,}/.test(text);
