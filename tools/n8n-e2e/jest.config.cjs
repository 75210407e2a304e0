// The n8n end-to-end test: a real n8n process (from the cache folder install-n8n-host.sh fills)
// running the packed community package against kore-sim. Run it through run-e2e.sh.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'n8n-e2e',
  testMatch: ['<rootDir>/*.e2e.ts'],
  testTimeout: 10 * 60 * 1000,
  maxWorkers: 1,
};
