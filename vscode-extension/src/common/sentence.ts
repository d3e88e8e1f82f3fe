/**
 * Finding "the sentence at the cursor" in Markdown text, for `blamelint explain`.
 * No `vscode` import.
 */

/** A line that starts a Markdown block (so it is never joined to the line above it). */
const BLOCK_START = /^\s{0,3}(#{1,6}(\s|$)|>|[-*+]\s|\d{1,9}[.)]\s|```|~~~|\||<!--)/;
/** A heading, fence or table row: a block of its own, never joined to the line below either. */
const SINGLE_LINE_BLOCK = /^\s{0,3}(#{1,6}(\s|$)|```|~~~|\|)/;
/** Leading Markdown markers removed from each line: blockquotes, headings, list markers, task boxes. */
const LINE_MARKERS = /^\s*(>\s?)*\s*(#{1,6}\s+|[-*+]\s+|\d{1,9}[.)]\s+)?(\[[ xX]\]\s+)?/;
/** End of a sentence: terminal punctuation, optional closing quotes/brackets, then space or end. */
const SENTENCE_END = /[.!?]+["'\u201d\u2019)\]*_]*(?=\s|$)/g;
/** Words whose trailing period does not end a sentence. */
const ABBREVIATION = /(^|[\s(])(e\.g|i\.e|etc|vs|cf|approx|incl|Dr|Mr|Mrs|Ms|Jr|Sr|St|No)\.$/i;

/** Removes the inline Markdown that would confuse a parser: links, images, emphasis, code ticks. */
export function plainText(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** Sentence boundaries (end offsets) in `text`. */
export function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = (match.index ?? 0) + match[0].length;
    if (match[0].startsWith(".") && match[0].length === 1 && ABBREVIATION.test(text.slice(0, end))) {
      continue;
    }
    ends.push(end);
  }
  return ends;
}

/** The lines of the Markdown block (paragraph, list item, heading...) that contains `line`. */
export function blockAround(lines: readonly string[], line: number): { first: number; last: number } {
  const blank = (i: number) => lines[i].trim() === "";
  let first = line;
  let last = line;
  if (!SINGLE_LINE_BLOCK.test(lines[line])) {
    while (first > 0 && !blank(first - 1) && !BLOCK_START.test(lines[first]) && !SINGLE_LINE_BLOCK.test(lines[first - 1])) {
      first--;
    }
    while (last + 1 < lines.length && !blank(last + 1) && !BLOCK_START.test(lines[last + 1])) {
      last++;
    }
  }
  return { first, last };
}

/**
 * The sentence around position (`line`, `character`) in `lines`.
 *
 * The sentence is looked for in the Markdown block around the cursor, joined over wrapped lines.
 * When the block spans several lines and has no sentence boundary at all, the cursor's line is
 * returned instead. Returns undefined for a blank line.
 */
export function sentenceAt(lines: readonly string[], line: number, character: number): string | undefined {
  if (line < 0 || line >= lines.length || lines[line].trim() === "") {
    return undefined;
  }
  const { first, last } = blockAround(lines, line);
  let joined = "";
  let cursor = 0;
  for (let i = first; i <= last; i++) {
    const marker = LINE_MARKERS.exec(lines[i])?.[0].length ?? 0;
    const content = lines[i].slice(marker).trimEnd();
    if (joined !== "") {
      joined += " ";
    }
    if (i === line) {
      cursor = joined.length + Math.min(Math.max(character - marker, 0), content.length);
    }
    joined += content;
  }

  const ends = sentenceEnds(joined);
  if (ends.length === 0 && last > first) {
    const marker = LINE_MARKERS.exec(lines[line])?.[0].length ?? 0;
    return plainText(lines[line].slice(marker)) || undefined;
  }
  const start = ends.filter((e) => e < cursor).pop() ?? 0;
  const end = ends.find((e) => e >= cursor) ?? joined.length;
  return plainText(joined.slice(start, end)) || undefined;
}
