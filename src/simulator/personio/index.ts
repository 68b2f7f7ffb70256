// The simulated Personio account used by `idsync demo`, the benchmark and the tests.
export {
  attribute,
  EMPLOYEE_NUMBER_ATTRIBUTE,
  employeeOf,
  generatePersonioEmployees,
  type PersonioAccountSeed,
  type PersonioAttribute,
  type PersonioEmployee,
  related,
} from './generator.ts';
export {
  createPersonioSimulator,
  type PersonioSimulator,
  type PersonioSimulatorOptions,
} from './simulator.ts';
