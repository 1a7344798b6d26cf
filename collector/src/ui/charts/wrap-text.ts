// Text wrapped to a column width for SVG, which has no line breaking of its own. The width of a
// character is estimated (system-ui at 12 px averages under 6.6 px), so columns leave a margin.

/** Lines of at most `max` characters, broken between words; a word longer than a line is split. */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > max) {
      if (line) { lines.push(line); line = ''; }
      lines.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= max) line += ` ${word}`;
    else { lines.push(line); line = word; }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
