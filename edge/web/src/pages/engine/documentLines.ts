// Where a field path such as sleeves[1].target_weight_pct sits in a block-style YAML document,
// so a problem can point at its line. A reading aid only: null when the path cannot be followed
// (JSON on one line, unusual layouts), and the nearest found parent's line for a missing field.

interface Block {
  start: number; // the block's first line (its key or "- " line)
  end: number; // one past its last line
  indent: number; // the indent its own key sits at (-1 for the document)
}

const KEY = /^(\s*)(- +)?([A-Za-z_][\w-]*)\s*:/;
const ITEM = /^(\s*)- /;

function isContent(line: string): boolean {
  const text = line.trim();
  return text !== "" && !text.startsWith("#") && text !== "---";
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** One past the last line deeper than ``indent`` after ``start``; a key's list items may sit
 * at the key's own indent ("sleeves:" then "- name: …" at column 0). */
function blockEnd(lines: string[], start: number, indent: number, limit: number, isKey: boolean): number {
  for (let i = start + 1; i < limit; i += 1) {
    if (!isContent(lines[i])) continue;
    const at = indentOf(lines[i]);
    if (at < indent || (at === indent && !(isKey && ITEM.test(lines[i])))) return i;
  }
  return limit;
}

function findKey(lines: string[], parent: Block, key: string): Block | null {
  let childIndent: number | null = null;
  for (let i = parent.start; i < parent.end; i += 1) {
    const m = KEY.exec(lines[i]);
    if (!m || (i === parent.start && parent.indent >= 0 && !m[2])) continue;
    const indent = m[1].length + (m[2]?.length ?? 0);
    if (indent <= parent.indent) continue;
    childIndent ??= indent;
    if (indent === childIndent && m[3] === key) {
      return { start: i, end: blockEnd(lines, i, indent, parent.end, true), indent };
    }
  }
  return null;
}

function findItem(lines: string[], parent: Block, index: number): Block | null {
  let itemIndent: number | null = null;
  let count = -1;
  for (let i = parent.start + 1; i < parent.end; i += 1) {
    const m = ITEM.exec(lines[i]);
    if (!m || m[1].length < parent.indent) continue;
    itemIndent ??= m[1].length;
    if (m[1].length !== itemIndent) continue;
    count += 1;
    if (count === index) return { start: i, end: blockEnd(lines, i, itemIndent, parent.end, false), indent: itemIndent };
  }
  return null;
}

/** The 1-based line of ``path`` in ``document``, or of its nearest parent found; null if none. */
export function lineOfPath(document: string, path: string): number | null {
  const lines = document.split("\n");
  const segments = path.match(/\[\d+\]|[^.[\]]+/g) ?? [];
  let block: Block = { start: 0, end: lines.length, indent: -1 };
  let found: number | null = null;
  for (const segment of segments) {
    const next = segment.startsWith("[")
      ? findItem(lines, block, Number(segment.slice(1, -1)))
      : findKey(lines, block, segment);
    if (!next) break;
    block = next;
    found = next.start + 1;
    // A flow mapping ({abs_pct: 5}) holds the rest of the path on this line.
    if (lines[next.start].includes("{")) break;
  }
  return found;
}

/** The character range of 1-based ``line``, for selecting it in a textarea. */
export function lineRange(document: string, line: number): [number, number] {
  const lines = document.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  return [start, start + (lines[line - 1]?.length ?? 0)];
}
