import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

/** Largest control API body read; Kore API bodies are never read, only drained. */
const MAX_BODY_BYTES = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** The platform's error shape: `{"errors":[{"msg":"…","code":401}]}`. */
export function koreError(status: number, msg: string): { errors: { msg: string; code: number }[] } {
  return { errors: [{ msg, code: status }] };
}

export function sendKoreError(res: ServerResponse, status: number, msg: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, koreError(status, msg), headers);
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function sendHtml(res: ServerResponse, status: number): void {
  const title = status === 200 ? 'Kore.ai Bot Builder' : `${status} ${statusText(status)}`;
  const html =
    status === 200
      ? `<!DOCTYPE html><html><head><title>${title}</title></head><body><div id="app">Loading…</div></body></html>`
      : `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(html)) });
  res.end(html);
}

/** Reads a (control API) body as text, refusing anything over 1 MiB. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A single header value (Node joins repeated custom headers with ', '). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
