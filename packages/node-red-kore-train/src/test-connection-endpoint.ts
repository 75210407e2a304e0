/**
 * `POST <httpAdminRoot>/kore-ai-app/test-connection`: the admin endpoint the config dialog's *Test
 * connection* button calls. Guarded like Node-RED's own node endpoints (`inject.write`, `debug.write`):
 * only a user who may change this node type may run it, since it can use the stored secret.
 */
import type { NodeAPI } from 'node-red';
import { testConnection, type ConnectionTestOptions } from './connection-test.js';

export const TEST_CONNECTION_PATH = '/kore-ai-app/test-connection';
export const TEST_CONNECTION_PERMISSION = 'kore-ai-app.write';
/** The dialog's values are a few kilobytes at most (a 4096-bit PEM key is about 3.3 KB). */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** Bounds the request to Kore.ai: a dialog should not spin for longer. */
export const TEST_REQUEST_TIMEOUT_MS = 10_000;

export function registerTestConnectionEndpoint(RED: NodeAPI, deployedApp: ConnectionTestOptions['deployedApp']): void {
  RED.httpAdmin.post(TEST_CONNECTION_PATH, RED.auth.needsPermission(TEST_CONNECTION_PERMISSION), (req, res) => {
    res.set('Cache-Control', 'no-store');
    // Node-RED's admin app has parsed the JSON already (up to its own 5 MB limit); this endpoint takes far less.
    if (Buffer.byteLength(JSON.stringify(req.body ?? null)) > MAX_REQUEST_BYTES) {
      res.status(413).json({ ok: false, code: 'INVALID_INPUT', message: `The request is larger than ${MAX_REQUEST_BYTES} bytes`, field: 'body' });
      return;
    }
    const gone = new AbortController(); // the editor closed the dialog or the connection dropped: stop asking Kore.ai
    res.on('close', () => !res.writableFinished && gone.abort());
    void testConnection(req.body, { deployedApp, requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS, signal: gone.signal }).then((result) => {
      res.status(!result.ok && result.field === 'body' ? 400 : 200).json(result);
    });
  });
}
