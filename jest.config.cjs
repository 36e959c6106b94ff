// One jest run over every workspace: tests run on TypeScript sources through @swc/jest (no build
// needed), workspace packages map to their src/. Tests against real servers (*.infra.test.ts) run
// from jest.infra.config.cjs in `npm run test:infra`.
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{contracts,services/*,tools/*,test}/{test,src}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.infra\\.test\\.ts$'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // NestJS 12, jose 6 and cookie 2 (under light-my-request: fastify's inject) ship ESM only. Node 24
  // require()s them natively, jest's CommonJS runtime does not (without --experimental-vm-modules),
  // so @swc/jest transpiles just these packages.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs/|jose/|cookie/))', '\\.pnp\\.[^\\/]+$'],
  moduleNameMapper: {
    '^@grid/contracts$': '<rootDir>/contracts/src/index.ts',
    '^@grid/platform$': '<rootDir>/services/platform/src/index.ts',
    '^@grid/platform/decider$': '<rootDir>/services/platform/src/decider/index.ts',
    '^@grid/platform/kafka$': '<rootDir>/services/platform/src/bus/kafka/index.ts',
    '^@grid/platform/mongodb$': '<rootDir>/services/platform/src/documents/mongodb/index.ts',
    '^@grid/platform/kurrentdb$': '<rootDir>/services/platform/src/store/kurrentdb/index.ts',
    '^@grid/platform/testing$': '<rootDir>/services/platform/src/testing/index.ts',
    '^@grid/grid-records$': '<rootDir>/services/grid-records/src/index.ts',
    '^@grid/elections$': '<rootDir>/services/elections/src/index.ts',
    '^@grid/help-projects$': '<rootDir>/services/help-projects/src/index.ts',
    '^@grid/charity$': '<rootDir>/services/charity/src/index.ts',
    '^@grid/platform/http$': '<rootDir>/services/platform/src/http/index.ts',
    '^@grid/platform/service$': '<rootDir>/services/platform/src/service/index.ts',
    '^@grid/gridctl$': '<rootDir>/tools/gridctl/src/index.ts',
  },
  reporters: ['default', ['<rootDir>/scripts/jest-counts-reporter.cjs', { name: 'unit' }]],
  // A bound for a hung test, not a figure: setups start services and worker threads, which takes tens of seconds on a loaded 2-core machine.
  testTimeout: 60000,
  maxWorkers: 2,
};
