// The three timed Graph scenarios on one database, through runSync exactly as `idsync sync` runs
// the azure-ad connector: a full sync into an empty store (a fresh database per repetition), a
// no-change re-sync (a delta link round trip that brings nothing) and 1%-changed re-syncs. The
// tenant lives in the parent; before each 1% run this child asks it to change 1% of the users and
// waits for the answer, so no run's clock includes making the change.
import type { App } from '../../src/app.ts';
import { graphConnectorEntry } from './graph-tenant.ts';
import { profileStatements } from './statement-profile.ts';
import {
  createBenchStores,
  createPhaseLog,
  progress,
  type ScenarioResults,
  type StoreParams,
  timedSync,
} from './scenarios.ts';

export interface GraphScenarioParams extends StoreParams {
  /** Origin of the loopback simulator (Graph and the authority). */
  graphOrigin: string;
  repsFull: number;
  reps: number;
}

export function runGraphScenarios(
  params: GraphScenarioParams,
  mutateTenant: () => Promise<number>,
): Promise<ScenarioResults> {
  return runSourceScenarios(params, [graphConnectorEntry(params.graphOrigin)], mutateTenant);
}

/**
 * The scenarios for one simulated source (`connectors`: its config entry) served by the parent:
 * also what the HR sources' benchmarks (sources/) run.
 */
export async function runSourceScenarios(
  params: StoreParams & { repsFull: number; reps: number },
  connectors: unknown[],
  mutateTenant: () => Promise<number>,
): Promise<ScenarioResults> {
  const phaseLog = createPhaseLog();
  const stores = createBenchStores(params, phaseLog.log);
  const results: ScenarioResults = { full: [], nochange: [], delta: [], statements: null };
  let app: App | null = null;
  try {
    for (let rep = 0; rep < params.repsFull; rep += 1) {
      if (app) await stores.release(app, rep - 1);
      const opened = await stores.open(rep, connectors);
      app = opened;
      const profiled = await profileStatements(rep === 0 ? stores.databaseUrl(rep) : null, () =>
        timedSync(opened, 'full', phaseLog, params.kind),
      );
      results.full.push(profiled.value);
      results.statements ??= profiled.statements;
      progress(params.kind, 'full', results.full);
    }
    if (!app) throw new Error('no full run');
    // Re-syncs run as the schedule runs them: incremental, from the delta link of the run before.
    for (let rep = 0; rep < params.reps; rep += 1) {
      results.nochange.push(await timedSync(app, 'incremental', phaseLog, params.kind));
      progress(params.kind, 'no-change', results.nochange);
    }
    for (let rep = 0; rep < params.reps; rep += 1) {
      await mutateTenant();
      results.delta.push(await timedSync(app, 'incremental', phaseLog, params.kind));
      progress(params.kind, 'delta', results.delta);
    }
    return results;
  } finally {
    if (app) await app.close();
    await stores.close();
  }
}
