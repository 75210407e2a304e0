/**
 * `kore-ai-app`: a Kore.ai app (host, client id, client secret or private key, algorithm) shared by
 * `kore-train` nodes. It owns one `@kore-train/core` client, created on first use, so every wait on
 * the same bot through this app shares one poll loop. Client id, secret and key are Node-RED
 * credentials: kept in the encrypted flows_cred.json, never exported or written to flows.json.
 * The module also serves the config dialog's *Test connection* check (test-connection-endpoint.ts).
 */
import type { NodeAPI } from 'node-red';
import { createKoreClient, type KoreClient, type StoredCredential } from '@kore-train/core';
import { clientOptions } from './client-options.js';
import { APP_EDITOR_SETTINGS } from './editor-settings.js';
import { registerTestConnectionEndpoint } from './test-connection-endpoint.js';
import type { KoreAiAppCredentials, KoreAiAppDef, KoreAiAppNode } from './types.js';

export = function (RED: NodeAPI): void {
  // The running apps, by id: the connection test may use their stored secret, for their own host only.
  const deployed = new Map<string, StoredCredential>();
  registerTestConnectionEndpoint(RED, (id) => deployed.get(id));

  function KoreAiApp(this: KoreAiAppNode, def: KoreAiAppDef): void {
    RED.nodes.createNode(this, def);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- Node-RED's idiom: the handlers below use the node
    const node = this;
    let client: KoreClient | undefined;
    const app: StoredCredential = { host: def.host, ...node.credentials };
    deployed.set(node.id, app);

    // Created on first use: a bad setting then fails the message that needed it (done(err), with
    // the field named), not the deploy. Errors from the core never contain the secret or a JWT.
    node.getClient = (): KoreClient => {
      if (!client) client = createKoreClient(clientOptions(def, node.credentials ?? {}));
      return client;
    };

    node.on('close', (_removed: boolean, done: () => void) => {
      client?.close();
      client = undefined;
      // A redeploy may already have started this id's successor: forget only this instance.
      if (deployed.get(node.id) === app) deployed.delete(node.id);
      done();
    });
  }

  RED.nodes.registerType<KoreAiAppNode, KoreAiAppDef, object, KoreAiAppCredentials>('kore-ai-app', KoreAiApp, {
    settings: APP_EDITOR_SETTINGS,
    credentials: {
      clientId: { type: 'text' },
      clientSecret: { type: 'password' },
      privateKey: { type: 'password' },
    },
  });
};
