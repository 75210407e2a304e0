const preset = require('../jest.preset.js');

// The preset's paths assume a project two levels down; bench sits one level down.
module.exports = {
  ...preset,
  displayName: 'bench',
  moduleNameMapper: {
    '^@kore-train/core$': '<rootDir>/../packages/core/src/index.ts',
    '^@kore-train/kore-sim$': '<rootDir>/../tools/kore-sim/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};
