module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'fault-suite',
  setupFilesAfterEnv: ['<rootDir>/src/guards.ts'],
  testTimeout: 30_000,
};
