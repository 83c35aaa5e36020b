// Small text formatters shared by commands: Redis's sdscatrepr quoting (MONITOR,
// CLIENT LIST argv, DEBUG output) and the argument preview of "unknown command".

/** sdscatrepr: "quoted" with \\ \" \n \r \t \a \b and \xHH for other non-printables. */
export function reprString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        out += c >= 0x20 && c < 0x7f ? s[i] : '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

/** The "with args beginning with:" preview: quoted args until 128 chars are used. */
export function argsPreview(argv: readonly string[]): string {
  let out = '';
  for (let i = 1; i < argv.length && out.length < 128; i++) {
    out += `'${argv[i]!.slice(0, 128 - out.length)}' `;
  }
  return out;
}
