// End to end: real Node-RED processes (4.x on this Node, 5.x on Node 24) with the packed tarballs.
const preset = require('../../jest.preset.js');
module.exports = {
  ...preset,
  displayName: 'node-red-kore-train e2e',
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testTimeout: 240_000,
  maxWorkers: 1,
};
