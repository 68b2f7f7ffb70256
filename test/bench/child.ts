// One database's measurements in a process of its own, so its peak RSS is that database's alone.
// Usage (by processes.ts): node test/bench/child.ts PARAMS.json RESULT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { type FloorRun, measureFloor } from './floor.ts';
import { type GraphFloorRun, measureGraphFloor } from './graph-floor.ts';
import { type GraphScenarioParams, runGraphScenarios, runSourceScenarios } from './graph-scenarios.ts';
import { runScenarios, type ScenarioParams, type ScenarioResults, type StoreParams } from './scenarios.ts';
import { HR_BENCH_SOURCES } from './sources/index.ts';
import type { HrBenchSource, SourceFloorRun } from './sources/source.ts';

export type ChildTask =
  | { task: 'scenarios'; params: ScenarioParams }
  | { task: 'floor'; params: FloorParams }
  | { task: 'graph-scenarios'; params: GraphScenarioParams }
  | { task: 'graph-floor'; params: { kind: ScenarioParams['kind']; graphOrigin: string; reps: number } }
  | { task: 'source-scenarios'; params: SourceScenarioParams }
  | { task: 'source-floor'; params: { kind: ScenarioParams['kind']; source: HrBenchSource['name']; origin: string; reps: number } };

/** An HR source's scenarios (sources/): its simulated account is served by the parent at `origin`. */
export interface SourceScenarioParams extends StoreParams {
  source: HrBenchSource['name'];
  origin: string;
  repsFull: number;
  reps: number;
}

export interface FloorParams {
  kind: ScenarioParams['kind'];
  serverUrl: string | null;
  workDir: string;
  files: { hris: string; it: string };
  reps: number;
}

/** Child -> parent over IPC: change 1% of the simulated tenant now (before a timed delta run). */
export interface ChildMessage {
  type: 'mutate';
}

/** Parent -> child: the tenant changed; how many users. */
export interface ParentMessage {
  type: 'mutated';
  users: number;
}

export interface ChildResult {
  scenarios?: ScenarioResults;
  floor?: FloorRun[];
  graphFloor?: GraphFloorRun[];
  sourceFloor?: SourceFloorRun[];
  /** process.resourceUsage().maxRSS of this child, in MiB. */
  peak_rss_mb: number;
}

/** Asks the parent (which hosts the simulated tenant) to change it, and waits until it has. */
function mutateTenant(): Promise<number> {
  const send = process.send?.bind(process);
  if (!send) return Promise.reject(new Error('the delta runs need an IPC channel to the parent'));
  return new Promise((resolve) => {
    process.once('message', (reply: ParentMessage) => resolve(reply.users));
    send({ type: 'mutate' } satisfies ChildMessage);
  });
}

async function run(task: ChildTask): Promise<ChildResult> {
  const result: ChildResult = { peak_rss_mb: 0 };
  switch (task.task) {
    case 'scenarios':
      result.scenarios = await runScenarios(task.params);
      break;
    case 'graph-scenarios':
      result.scenarios = await runGraphScenarios(task.params, mutateTenant);
      break;
    case 'source-scenarios': {
      const source = HR_BENCH_SOURCES[task.params.source];
      result.scenarios = await runSourceScenarios(task.params, [source.connectorEntry(task.params.origin)], mutateTenant);
      break;
    }
    case 'source-floor': {
      const runs: SourceFloorRun[] = [];
      for (let rep = 0; rep < task.params.reps; rep += 1) {
        runs.push(await HR_BENCH_SOURCES[task.params.source].measureFloor(task.params.origin));
        process.stderr.write(`  ${task.params.kind} fetch floor #${rep + 1}: ${Math.round(runs[rep]!.total_ms)} ms\n`);
      }
      result.sourceFloor = runs;
      break;
    }
    case 'floor': {
      const runs: FloorRun[] = [];
      for (let rep = 0; rep < task.params.reps; rep += 1) runs.push(await measureFloor({ ...task.params, rep }));
      result.floor = runs;
      break;
    }
    case 'graph-floor': {
      const runs: GraphFloorRun[] = [];
      for (let rep = 0; rep < task.params.reps; rep += 1) {
        runs.push(await measureGraphFloor(task.params.graphOrigin));
        process.stderr.write(`  ${task.params.kind} fetch floor #${rep + 1}: ${Math.round(runs[rep]!.total_ms)} ms\n`);
      }
      result.graphFloor = runs;
      break;
    }
  }
  result.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
  return result;
}

async function main(): Promise<void> {
  const [paramsPath, resultPath] = process.argv.slice(2);
  if (!paramsPath || !resultPath) throw new Error('usage: child.ts PARAMS.json RESULT.json');
  const task = JSON.parse(readFileSync(paramsPath, 'utf8')) as ChildTask;
  try {
    writeFileSync(resultPath, JSON.stringify(await run(task)));
  } finally {
    // An open IPC channel would keep this process alive.
    if (process.connected) process.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
