// `npm start`: every service in one process on the embedded default (one data folder, no servers).
// Telemetry starts before anything loads Nest, fastify or node:http (auto-instrumentation patches modules as
// they are required, and swc's CommonJS output requires every top-level import first): this file imports only
// config and telemetry, and loads the server afterwards. See services/platform/src/telemetry/README.md.
import { ConfigError, loadConfig, startTelemetry } from '@grid/platform';

function fail(error: unknown): never {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    return fail(error);
  }
})();
const telemetry = startTelemetry({ serviceName: config.SERVICE_NAME, config });
// A deferred require, not `import()`: under NodeNext a dynamic import in a CommonJS file is a real ESM import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serve } = require('./server') as typeof import('./server');
serve(config, telemetry).catch(fail);
