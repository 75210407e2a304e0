// Shared by every project's jest.config.cjs.
// jose 6 ships only ESM, which jest's CommonJS runtime cannot require: SWC compiles it with our code.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@kore-train/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@kore-train/core/engine$': '<rootDir>/../../packages/core/src/engine-entry.ts',
    '^@kore-train/kore-sim$': '<rootDir>/../../tools/kore-sim/src/index.ts',
    // Sources import siblings with the .js suffix that Node's ESM resolution wants.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  clearMocks: true,
};
