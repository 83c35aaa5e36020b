// Splits a line into arguments with redis.conf / inline-command quoting rules
// (sds.c sdssplitargs): "double quotes" with \xHH \n \r \t \b \a escapes, 'single quotes'
// with only \' escaped, and a closing quote that must be followed by a space or the end.

const isSpace = (c: number): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c;

const hexValue = (c: number): number => {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
};

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/**
 * Splits a byte string (one char per byte). Returns null on unbalanced quotes, exactly
 * where sdssplitargs returns NULL; an empty or all-blank line gives [].
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let cur = '';
    let inDq = false;
    let inSq = false;
    let done = false;
    while (!done) {
      if (inDq) {
        if (i >= n) return null;
        const ch = line[i];
        if (
          ch === '\\' &&
          line[i + 1] === 'x' &&
          i + 3 < n &&
          hexValue(line.charCodeAt(i + 2)) >= 0 &&
          hexValue(line.charCodeAt(i + 3)) >= 0
        ) {
          cur += String.fromCharCode(hexValue(line.charCodeAt(i + 2)) * 16 + hexValue(line.charCodeAt(i + 3)));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          cur += ESCAPES[line[i]!] ?? line[i];
        } else if (ch === '"') {
          // The closing quote must be followed by a space or the end of the line.
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else if (inSq) {
        if (i >= n) return null;
        const ch = line[i];
        if (ch === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += ch;
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const c = line.charCodeAt(i);
        if (isSpace(c)) {
          done = true;
        } else if (c === 0x22) {
          inDq = true;
        } else if (c === 0x27) {
          inSq = true;
        } else {
          cur += line[i];
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
