import { E2E_TIMEOUT_MS } from './timeouts';

// Run before each e2e suite (jest.config.js, setupFilesAfterEnv): `testTimeout` in a project's
// config is ignored by jest-circus, which reads only the global one.
jest.setTimeout(E2E_TIMEOUT_MS);
