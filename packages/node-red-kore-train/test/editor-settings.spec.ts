/**
 * What the editor dialogs read from the runtime instead of restating the core: the node settings both
 * types register, as the runtime exports them for `GET /settings` (the editor's `RED.settings`). A name
 * Node-RED refuses (not starting with the type in camel case) would be dropped, and missing here.
 */
import { DEFAULTS, KORE_HOST_PRESETS, KORE_RATE_LIMIT, secretKindOf, SIGNING_ALGORITHMS } from '@kore-train/core';
import type { KoreSim } from '@kore-train/kore-sim';
import { flow, helper, nodes, RUNTIME, useSimAndRuntime } from './helpers';

let sim: KoreSim;
useSimAndRuntime((started) => (sim = started));

/** The runtime's settings module, as node-red-node-test-helper holds it. */
type RuntimeSettings = { exportNodeSettings(safe: Record<string, unknown>): void };

describe(`editor settings (${RUNTIME})`, () => {
  it("exports the core's host presets, algorithms and their secrets, default timeout and poll floor", async () => {
    await helper.load(nodes, flow(sim.url));
    const exported: Record<string, unknown> = {};
    (helper as unknown as { _settings: RuntimeSettings })._settings.exportNodeSettings(exported);
    expect(exported).toEqual({
      koreAiAppHostPresets: KORE_HOST_PRESETS.map(({ name, host }) => ({ name, host })),
      koreAiAppSigningAlgorithms: [...SIGNING_ALGORITHMS],
      koreAiAppDefaultAlgorithm: DEFAULTS.algorithm,
      koreAiAppSecretKinds: Object.fromEntries(SIGNING_ALGORITHMS.map((algorithm) => [algorithm, secretKindOf(algorithm)])),
      koreTrainDefaultTimeout: DEFAULTS.timeoutMs / 1000,
      koreTrainMinPollInterval: KORE_RATE_LIMIT.minPollIntervalMs / 1000,
    });
    // The values the dialogs are built from, spelled out once: a change in the core shows here.
    expect(exported['koreAiAppSecretKinds']).toEqual({ HS256: 'clientSecret', HS512: 'clientSecret', RS256: 'privateKey', RS512: 'privateKey' });
    expect([exported['koreTrainDefaultTimeout'], exported['koreTrainMinPollInterval']]).toEqual([3600, 1]);
  });
});
