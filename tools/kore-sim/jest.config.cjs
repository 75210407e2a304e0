module.exports = { ...require('../../jest.preset.js'), displayName: 'kore-sim' };
