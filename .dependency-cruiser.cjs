// Import-graph rules, checked with resolved paths by services/platform/test/import-graph.test.ts
// (`npx depcruise --config .dependency-cruiser.cjs contracts services tools test` prints the same).
const KERNEL = '^services/platform/src/decider/(index|decider|command-types|given-when-then|persistent-map|business-dates)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'modules of services and contracts form no import cycle',
      severity: 'error',
      from: { path: '^(services/[^/]+/src|contracts/src)/' },
      to: { circular: true },
    },
    {
      name: 'no-service-imports-another',
      comment: 'a service learns of another only from its events; services/standalone mounts them all (tools/ and test/ may drive any)',
      severity: 'error',
      from: { path: '^services/([^/]+)/', pathNot: '^services/standalone/' },
      to: { path: '^services/', pathNot: ['^services/$1/', '^services/platform/'] },
    },
    {
      name: 'no-contracts-import-service',
      comment: 'contracts are the published language: they import no service',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: '^services/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain loads only its own files, the kernel entry (@grid/platform/decider) and contracts',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/domain/' },
      to: { pathNot: ['^services/$1/src/domain/', '^contracts/src/', KERNEL], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'kernel-entry-has-no-dependencies',
      comment: '@grid/platform/decider loads nothing but itself (types from contracts and the store port are erased)',
      severity: 'error',
      from: { path: KERNEL },
      to: { pathNot: KERNEL, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|generated|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Workspace packages resolve to their TypeScript sources (the `types` condition of their exports).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'require', 'node', 'default'],
      mainFields: ['types', 'main'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'],
    },
  },
};
