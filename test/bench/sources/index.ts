// The HR sources `npm run bench -- --source <name>` knows, by name.
import { hibobBench } from './hibob.ts';
import { personioBench } from './personio.ts';
import type { HrBenchSource } from './source.ts';
import { workdayBench } from './workday.ts';

export const HR_BENCH_SOURCES: Record<HrBenchSource['name'], HrBenchSource> = {
  workday: workdayBench,
  hibob: hibobBench,
  personio: personioBench,
};

export function isHrBenchSource(name: string): name is HrBenchSource['name'] {
  return Object.hasOwn(HR_BENCH_SOURCES, name);
}
