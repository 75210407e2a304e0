import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { tooLarge } from './body.js';
import { lowerCaseHeaders } from './http-response.js';

/** The one axios method this transport uses. */
interface TextClient {
  request(config: {
    method: string; url: string; headers: Record<string, string>; timeout: number; maxContentLength: number; signal?: AbortSignal;
  }): Promise<{ status: number; headers: unknown; data: unknown }>;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Includes the `auth` header: a transport must never log or echo it. */
  headers: Record<string, string>;
  /** Per-request timeout, already capped at the caller's remaining deadline. The core also enforces it. */
  timeoutMs: number;
  /**
   * Stop reading, and reject with a BAD_RESPONSE KoreError, once the decompressed body passes this many bytes
   * (`readBodyCapped` does it for a streamed body). The core checks a body it is handed as well, but only a
   * transport can keep the memory bounded.
   */
  maxBodyBytes: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  /** The raw body text, or an already parsed JSON value. */
  body: unknown;
}

/**
 * Sends one request. Resolves for every HTTP status; rejects only when no answer came
 * (reset, refused, timed out, aborted). Injectable so hosts such as n8n can use their own HTTP stack.
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export interface ClosableTransport {
  send: Transport;
  close(): void;
}

const MAX_SOCKETS_PER_HOST = 32;

/**
 * The default transport: axios over keep-alive agents. axios counts the body as it streams in, after
 * decompression, and stops at the cap (`maxContentLength`); the text goes to the core, which parses it.
 * axios and the HTTP modules are loaded on the first request, so merely loading the package (as
 * Node-RED does at start-up) stays cheap.
 */
export function createAxiosTransport(): ClosableTransport {
  let agents: { http: HttpAgent; https: HttpsAgent } | undefined;
  let instance: Promise<TextClient> | undefined;
  const create = async (): Promise<TextClient> => {
    const [http, https, axios] = await Promise.all([import('node:http'), import('node:https'), import('axios')]);
    // A bounded pool: thousands of waits on hundreds of bots queue for a few dozen sockets instead of
    // opening one each (memory, and a burst Kore.ai would rate-limit anyway).
    const pool = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST };
    agents = { http: new http.Agent(pool), https: new https.Agent(pool) };
    return axios.default.create({
      httpAgent: agents.http,
      httpsAgent: agents.https,
      // axios reads the proxy variables on every request (a tenth of a poll's cost); with none set when the
      // client is made, say so once. Set, axios keeps honouring them (and NO_PROXY) per request.
      ...(proxyConfigured(process.env) ? {} : { proxy: false as const }),
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  };
  const send: Transport = async (request) => {
    let response: { status: number; headers: unknown; data: unknown };
    try {
      response = await (await (instance ??= create())).request({
        method: request.method,
        url: request.url,
        headers: request.headers,
        timeout: Math.max(1, Math.ceil(request.timeoutMs)),
        maxContentLength: request.maxBodyBytes,
        signal: request.signal,
      });
    } catch (error) {
      if (isOverCap(error)) throw tooLarge(request.maxBodyBytes);
      throw error;
    }
    return { status: response.status, headers: lowerCaseHeaders(response.headers), body: response.data };
  };
  return {
    send,
    close() {
      agents?.http.destroy();
      agents?.https.destroy();
    },
  };
}

/** axios's own error when a body passes maxContentLength (it has destroyed the stream by then). */
/** The variables axios's proxy lookup (proxy-from-env) reads, in any case: `HTTP_PROXY`, `npm_config_https_proxy`, `ALL_PROXY`… */
const PROXY_VARIABLE = /^(npm_config_)?(https?_|all_)?proxy$/i;

export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return Object.entries(env).some(([name, value]) => PROXY_VARIABLE.test(name) && value !== undefined && value !== '');
}

function isOverCap(error: unknown): boolean {
  const record = error as { code?: unknown; message?: unknown } | null;
  return record?.code === 'ERR_BAD_RESPONSE' && typeof record.message === 'string' && record.message.includes('maxContentLength');
}
