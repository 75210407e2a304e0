/** The parts of n8n's REST API (as the editor uses it) that the queue-mode test needs. */
import { BROWSER_ID, OWNER } from '../../n8n-e2e/src/harness';

export interface ExecutionSummary {
  id: string;
  workflowId: string;
  status: string;
  mode: string;
  startedAt?: string | null;
  stoppedAt?: string | null;
}

export class N8nRest {
  constructor(
    readonly url: string,
    private readonly cookie: string,
  ) {}

  async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/rest${route}`, {
      method,
      headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, cookie: this.cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { data: T }).data;
  }

  async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
    return (await this.call<{ id: string }>('POST', '/credentials', { name, type, data })).id;
  }

  async createWorkflow(workflow: Record<string, unknown>): Promise<{ id: string; versionId: string }> {
    return this.call('POST', '/workflows', workflow);
  }

  /** Activation runs a polling trigger's first poll before it answers. */
  async activate(workflow: { id: string; versionId: string }): Promise<void> {
    await this.call('POST', `/workflows/${workflow.id}/activate`, { versionId: workflow.versionId });
  }

  async executions(workflowId: string): Promise<ExecutionSummary[]> {
    const filter = encodeURIComponent(JSON.stringify({ workflowId }));
    const page = await this.call<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}&limit=100`);
    return page.results;
  }

  /** One execution, its run data included (as n8n stores it: a "flatted" JSON string). */
  async execution(id: string): Promise<ExecutionSummary & { data?: string }> {
    return this.call('GET', `/executions/${id}`);
  }

  /** As the editor's stop button: the main tells the worker (through Redis) to cancel. */
  async stop(id: string): Promise<unknown> {
    return this.call('POST', `/executions/${id}/stop`);
  }
}

/**
 * Whether the main serves a production webhook at `path` yet: a CORS preflight (OPTIONS with an
 * Origin) asks n8n for the path's methods, which fails (404) until the webhook is registered.
 */
export async function webhookRegistered(url: string, path: string, method = 'POST'): Promise<boolean> {
  const response = await fetch(`${url}/webhook/${path}`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1', 'access-control-request-method': method },
  }).catch(() => undefined);
  return response?.status === 204;
}

/** `POST /rest/login` as the owner that `setupOwner` created; returns the `n8n-auth=…` cookie pair. */
export async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
    body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
  });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (response.status !== 200 || !/^n8n-auth=/.test(cookie)) throw new Error(`POST /rest/login: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  return cookie;
}
