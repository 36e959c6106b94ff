// Tests against real servers (`npm run test:infra`): Kafka, a MongoDB-protocol server, KurrentDB when
// KURRENTDB_URL is set. tools/infra/test.sh starts the servers and exports their addresses.
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/{contracts,services/*,tools/*,test}/{test,src}/**/*.infra.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', ['<rootDir>/scripts/jest-counts-reporter.cjs', { name: 'infra' }]],
  testTimeout: 60000,
  maxWorkers: 1,
  // A failed test can leave a kafkajs consumer or Mongo pool open; CI must end, not hang until its limit.
  forceExit: true,
};
