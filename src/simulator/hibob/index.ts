// The simulated Bob (HiBob) account used by `idsync demo`, the benchmark and the tests.
export {
  employeeOf,
  generateHibobEmployees,
  HIBOB_LISTS,
  type HibobAccountSeed,
  type HibobEmployee,
  hibobIdOf,
  hibobListId,
  numberOf,
} from './generator.ts';
export { createHibobSimulator, type HibobSimulator, type HibobSimulatorOptions } from './simulator.ts';
