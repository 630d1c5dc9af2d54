/**
 * Jest setup: loads the Kubernetes core schemas (kubernetes-models is ESM-only, hence the dynamic import)
 * so that test/support/schema.ts can validate core objects synchronously.
 */
import { registerCoreModels } from './schema';

beforeAll(async () => {
  await registerCoreModels();
});
