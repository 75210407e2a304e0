// The queue-mode end-to-end test: a real n8n main and workers (from the cache folder that
// tools/n8n-e2e/install-n8n-host.sh fills), Redis and PostgreSQL 17. Run it through scripts/run-e2e.sh.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'n8n-queue-e2e',
  testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
  testTimeout: 10 * 60 * 1000,
  maxWorkers: 1,
};
