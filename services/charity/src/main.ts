// `npm run start -w services/charity`: the service alone, configured by the environment (platform config).
import { runServiceMain } from '@grid/platform';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- required after telemetry starts (runServiceMain)
runServiceMain(() => (require('./definition') as typeof import('./definition')).charity);
