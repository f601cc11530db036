// The multi-replica test (test/replicas, `npm run test:replicas`): real processes of the built
// service, so it runs on its own, once, and not in `npm test` (nor its production-mode pass).
const base = require('./jest.config.js').projects[1];
module.exports = {
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleNameMapper: base.moduleNameMapper,
  testEnvironment: 'node',
  displayName: 'replicas',
  testMatch: ['<rootDir>/test/replicas/**/*.replicas-spec.ts'],
};
