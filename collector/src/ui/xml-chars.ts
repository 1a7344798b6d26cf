// XML 1.0 allows only some characters at all, escaped or not: a BEL or NUL from an event name
// makes a whole SVG ill-formed, and browsers then refuse to open it or draw it into a PNG.

/** Everything outside XML's `Char` production: C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops the characters XML cannot hold, so data from events never makes a document ill-formed. */
export function stripNonXmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}
