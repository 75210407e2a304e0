// Shared by every project's jest.config.cjs.
// jose 6 ships only ESM, which jest's CommonJS runtime cannot require: SWC compiles it with our code.
const root = __dirname;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // The one way a test reaches another workspace package: its TypeScript source (tsconfig.base.json's
  // `paths` say the same for tsc). Only e2e tests that install a packed tarball use the built artefact.
  moduleNameMapper: {
    '^@kore-train/core$': `${root}/packages/core/src/index.ts`,
    '^@kore-train/core/engine$': `${root}/packages/core/src/engine-entry.ts`,
    '^@kore-train/cli$': `${root}/packages/cli/src/index.ts`,
    '^@kore-train/kore-sim$': `${root}/tools/kore-sim/src/index.ts`,
    '^@kore-train/testkit$': `${root}/tools/testkit/src/index.ts`,
    // Sources import siblings with the .js suffix that Node's ESM resolution wants.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  clearMocks: true,
};
