module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'browser-e2e',
  testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
  // Each editor test starts a real Node-RED or n8n process and a browser.
  testTimeout: 120_000,
};
