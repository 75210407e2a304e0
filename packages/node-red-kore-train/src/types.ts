import type { Node, NodeDef } from 'node-red';
import type { KoreClient } from '@kore-train/core';

/** What the editor saves for a `kore-ai-app` config node (never the credentials: those live apart). */
export interface KoreAiAppDef extends NodeDef {
  host: string;
  algorithm?: string;
  uniqueJti?: boolean;
  /** Extra or overriding JWT claims, as JSON text; blank for none. */
  claims?: string;
}

/** Held by Node-RED as credentials: in flows_cred.json (encrypted), never in flows.json. */
export interface KoreAiAppCredentials {
  clientId?: string;
  clientSecret?: string;
  /** PEM, for RS256/RS512 only. */
  privateKey?: string;
}

export interface KoreAiAppNode extends Node<KoreAiAppCredentials> {
  /** The one client of this config node (created on first use): waits on the same bot share its poll loop. */
  getClient(): KoreClient;
}

export type KoreTrainMode = 'status' | 'wait' | 'train';

/** What the editor saves for a `kore-train` node. Numbers may arrive as strings. */
export interface KoreTrainDef extends NodeDef {
  app: string;
  mode: KoreTrainMode | string;
  botId: string;
  botIdType: string;
  language: string;
  languageType: string;
  state: string;
  stateType: string;
  /** Seconds. */
  pollInterval: number | string;
  /** Seconds; 0 checks once. */
  timeout: number | string;
  progress: boolean;
  /** Resume pending waits after a redeploy or restart; absent means on. */
  resume?: boolean;
  outputs?: number;
}
