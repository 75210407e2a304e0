module.exports = { ...require('../../jest.preset.js'), displayName: 'n8n-nodes-kore-train' };
