// swc transforms both our TypeScript and the ESM-only packages (Nest 12, Apollo 5, meilisearch,
// kdbush, minisearch, medplum) that jest on Node 20 cannot load untransformed.
const esmPackages = [
  '@nestjs', '@apollo', '@as-integrations', 'meilisearch', 'file-type', 'uid', 'kdbush', 'geokdbush',
  'tinyqueue', 'minisearch', '@medplum', 'rfc6902', 'strtok3', 'token-types', 'peek-readable', '@tokenizer',
].join('|');
const swc = ['@swc/jest', { swcrc: false, ...require('./swc.jest.js') }];
// A lib's test helpers sit beside its src (libs/<lib>/testing), outside the build. @pds/testing's
// narrow entry points (http, redis) spare a unit spec the test FHIR server (medplum), ~3 s to load.
const moduleNameMapper = {
  '^@pds/([^/]+)/testing$': '<rootDir>/libs/$1/testing',
  '^@pds/testing/(http|redis)$': '<rootDir>/libs/testing/src/$1',
  '^@pds/(.*)$': '<rootDir>/libs/$1/src',
};
const shared = {
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
};
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    // unit: no services, no processes. integration: a real Redis, the test FHIR server or Meilisearch.
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.integration-spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
    },
  ],
};
