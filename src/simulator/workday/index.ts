// The simulated Workday tenant (one RaaS report) used by `idsync demo`, the benchmark and the tests.
export {
  generateWorkdayWorkers,
  WORKDAY_REPORT_FIELDS,
  type WorkdayReportSeed,
  type WorkdayWorker,
  workerOf,
} from './generator.ts';
export { createWorkdaySimulator, type WorkdaySimulator, type WorkdaySimulatorOptions } from './simulator.ts';
