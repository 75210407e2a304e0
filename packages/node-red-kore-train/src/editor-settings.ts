/**
 * The core's facts that the editor dialogs need, handed to them through Node-RED's node settings: the
 * editor cannot import `@kore-train/core`, so `registerType(type, ctor, { settings })` makes each one
 * `RED.settings.<name>` there. Node-RED wants every name to start with the type in camel case
 * (`kore-ai-app` → `koreAiApp…`), and refreshes the settings before it loads a newly installed node.
 */
import { DEFAULTS, KORE_HOST_PRESETS, KORE_RATE_LIMIT, secretKindOf, SIGNING_ALGORITHMS } from '@kore-train/core';

const exported = <T>(value: T) => ({ value, exportable: true });

/** For `kore-ai-app.html`: the host presets, the algorithms, the default one and which secret each signs with. */
export const APP_EDITOR_SETTINGS = {
  koreAiAppHostPresets: exported(KORE_HOST_PRESETS.map(({ name, host }) => ({ name, host }))),
  koreAiAppSigningAlgorithms: exported([...SIGNING_ALGORITHMS]),
  koreAiAppDefaultAlgorithm: exported(DEFAULTS.algorithm),
  koreAiAppSecretKinds: exported(Object.fromEntries(SIGNING_ALGORITHMS.map((algorithm) => [algorithm, secretKindOf(algorithm)]))),
};

/** For `kore-train.html`, in the node's unit (seconds): the default timeout and the poll floor of a Kore.ai host. */
export const TRAIN_EDITOR_SETTINGS = {
  koreTrainDefaultTimeout: exported(DEFAULTS.timeoutMs / 1000),
  koreTrainMinPollInterval: exported(KORE_RATE_LIMIT.minPollIntervalMs / 1000),
};
