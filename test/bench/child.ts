// One database's measurements in a process of its own, so its peak RSS is that database's alone.
// Usage (by run.ts): node test/bench/child.ts PARAMS.json RESULT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { type FloorRun, measureFloor } from './floor.ts';
import { runScenarios, type ScenarioParams, type ScenarioResults } from './scenarios.ts';

export type ChildTask =
  | { task: 'scenarios'; params: ScenarioParams }
  | { task: 'floor'; params: FloorParams };

export interface FloorParams {
  kind: ScenarioParams['kind'];
  serverUrl: string | null;
  workDir: string;
  files: { hris: string; it: string };
  reps: number;
}

export interface ChildResult {
  scenarios?: ScenarioResults;
  floor?: FloorRun[];
  /** process.resourceUsage().maxRSS of this child, in MiB. */
  peak_rss_mb: number;
}

async function main(): Promise<void> {
  const [paramsPath, resultPath] = process.argv.slice(2);
  if (!paramsPath || !resultPath) throw new Error('usage: child.ts PARAMS.json RESULT.json');
  const task = JSON.parse(readFileSync(paramsPath, 'utf8')) as ChildTask;
  const result: ChildResult = { peak_rss_mb: 0 };
  if (task.task === 'scenarios') {
    result.scenarios = await runScenarios(task.params);
  } else {
    const runs: FloorRun[] = [];
    for (let rep = 0; rep < task.params.reps; rep += 1) {
      runs.push(await measureFloor({ ...task.params, rep }));
    }
    result.floor = runs;
  }
  result.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
  writeFileSync(resultPath, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
