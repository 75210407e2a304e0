// Unit and integration tests: Node-RED (4 by default; KORE_NODE_RED=nr5 for 5) loaded by
// node-red-node-test-helper, the nodes talking to the Kore.ai simulator on 127.0.0.1.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: `node-red-kore-train (${process.env.KORE_NODE_RED || 'nr4'}, node ${process.versions.node})`,
  testTimeout: 20_000,
};
