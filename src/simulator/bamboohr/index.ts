// The simulated BambooHR account used by `idsync demo`, the benchmark and the tests.
export {
  type BambooAccountSeed,
  type BambooEmployee,
  type BambooGeneratorOptions,
  type BambooPlant,
  employeeOf,
  generateBambooEmployees,
} from './generator.ts';
export {
  type BambooChange,
  type BambooSimulator,
  type BambooSimulatorOptions,
  createBambooSimulator,
} from './simulator.ts';
