// msw in front of a simulated BambooHR account (the shared harness, typed for it): every request
// goes to the simulator's `handle`; a request to anything else fails the test.
import type { BambooSimulator } from '../../../src/simulator/bamboohr/index.ts';
import { mountHandler } from '../../shared/__fixtures__/harness.ts';

export { type Drained, drain } from '../../shared/__fixtures__/harness.ts';

export function mountSimulator(): { use(simulator: BambooSimulator): void } {
  return mountHandler();
}
