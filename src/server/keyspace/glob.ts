// Glob-style matching as Redis's util.c stringmatchlen: * ? [abc] [^a-z] [!a] and
// backslash escapes, optionally case-insensitive. Used by KEYS, SCAN MATCH,
// PSUBSCRIBE, CONFIG GET and CLIENT/COMMAND filters.

/** True when str matches pattern (both byte strings). */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return matchAt(pattern, 0, str, 0, nocase, 0) === 1;
}

const lower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 32 : c);
const signedByte = (c: number): number => (c >= 0x80 ? c - 256 : c);

// Returns 1 match, 0 no match, -1 "skip longer" (Redis's skipLongerMatches shortcut
// that keeps '*' backtracking linear).
function matchAt(p: string, pi: number, s: string, si: number, nocase: boolean, nesting: number): number {
  if (nesting > 1000) return 0;
  const plen = p.length;
  const slen = s.length;
  while (pi < plen && si < slen) {
    const pc = p.charCodeAt(pi);
    switch (pc) {
      case 0x2a: {
        // '*'
        while (pi + 1 < plen && p.charCodeAt(pi + 1) === 0x2a) pi++;
        if (pi + 1 === plen) return 1;
        for (let k = si; k < slen; k++) {
          const r = matchAt(p, pi + 1, s, k, nocase, nesting + 1);
          if (r === 1) return 1;
          if (r === -1) return -1;
        }
        return -1;
      }
      case 0x3f: // '?'
        si++;
        break;
      case 0x5b: {
        // '['
        pi++;
        const not = p.charCodeAt(pi) === 0x5e;
        if (not) pi++;
        let matched = false;
        const sc = nocase ? lower(s.charCodeAt(si)) : s.charCodeAt(si);
        for (;;) {
          if (pi >= plen) {
            pi--; // unterminated class: treat end as ']'
            break;
          }
          const c = p.charCodeAt(pi);
          if (c === 0x5c && pi + 1 < plen) {
            pi++;
            if (p.charCodeAt(pi) === s.charCodeAt(si)) matched = true;
          } else if (c === 0x5d) {
            break;
          } else if (pi + 2 < plen && p.charCodeAt(pi + 1) === 0x2d) {
            // C compares plain (signed) chars here: bytes >= 0x80 sort below 'a'.
            let start = signedByte(c);
            let end = signedByte(p.charCodeAt(pi + 2));
            if (start > end) [start, end] = [end, start];
            let sv = signedByte(s.charCodeAt(si));
            if (nocase) {
              start = lower(start);
              end = lower(end);
              sv = lower(sv);
            }
            pi += 2;
            if (sv >= start && sv <= end) matched = true;
          } else {
            const cc = nocase ? lower(c) : c;
            if (cc === sc) matched = true;
          }
          pi++;
        }
        if (not) matched = !matched;
        if (!matched) return 0;
        si++;
        break;
      }
      default: {
        // A backslash escapes the next pattern char, compared literally.
        if (pc === 0x5c && pi + 1 < plen) pi++;
        const a = p.charCodeAt(pi);
        const b = s.charCodeAt(si);
        if (nocase ? lower(a) !== lower(b) : a !== b) return 0;
        si++;
        break;
      }
    }
    pi++;
    if (si === slen) {
      while (pi < plen && p.charCodeAt(pi) === 0x2a) pi++;
      break;
    }
  }
  return pi === plen && si === slen ? 1 : 0;
}
