/**
 * A PEM key pasted into the editor's password field loses its line breaks (browsers strip them from
 * single-line inputs), and keys kept in environment variables often carry literal `\n`. Both are
 * rebuilt into a PEM that crypto libraries read. Anything that does not look like PEM is returned
 * trimmed, for the core to judge.
 */
export function normalizePem(text: string): string {
  const unescaped = text.replace(/\\n/g, '\n').trim();
  const match = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/.exec(unescaped);
  if (!match) return unescaped;
  const label = match[1];
  const body = (match[2] ?? '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
