// The Graph source's results: the scenarios' medians against the fetch floor, its target, and its
// table (the same table as the CSV source's, with the floor's own detail row).
import type { ChildResult } from './child.ts';
import type { GraphFloorRun } from './graph-floor.ts';
import {
  median,
  renderTable,
  type ScenarioSummary,
  summarizeScenarios,
  type TableLabels,
  type Target,
  target,
} from './report.ts';
import type { DatabaseKind, ScenarioRun } from './scenarios.ts';

export interface GraphDatabaseResult extends ScenarioSummary {
  floor_phases: { fetch_ms: number; requests: number; pages: number; users: number };
  /** Every repetition, for whoever wants more than the median. */
  runs: { full: ScenarioRun[]; nochange: ScenarioRun[]; delta: ScenarioRun[]; floor: GraphFloorRun[] };
}

export function summarizeGraph(scenarios: ChildResult, floor: ChildResult): GraphDatabaseResult {
  const floorRuns = floor.graphFloor;
  if (!scenarios.scenarios || !floorRuns) throw new Error('a child finished without its results');
  const totals = floorRuns.map((r) => r.total_ms);
  const first = floorRuns[0]!;
  return {
    ...summarizeScenarios(scenarios, totals, floor.peak_rss_mb),
    floor_phases: {
      fetch_ms: Math.round(median(totals)),
      requests: first.requests,
      pages: first.pages,
      users: first.users,
    },
    runs: { ...scenarios.scenarios, floor: floorRuns },
  };
}

/** The target for Graph: a full sync costs at most half again what fetching its pages does. */
export function evaluateGraphTargets(
  results: Partial<Record<DatabaseKind, GraphDatabaseResult>>,
): Record<string, Target> {
  const out: Record<string, Target> = {};
  for (const kind of Object.keys(results) as DatabaseKind[]) {
    const result = results[kind]!;
    const name = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    out[`graph_${kind}_full_le_1_5x_fetch_floor`] = target(
      `Graph full sync on ${name} <= 1.5x fetch floor`,
      result.ratios.full,
      1.5,
      'x',
    );
  }
  return out;
}

const GRAPH_TABLE_LABELS: TableLabels<GraphDatabaseResult> = {
  floor: 'fetch floor (ms)',
  floorDetail: {
    label: '  requests / users',
    cell: (r) => `${r.floor_phases.requests} / ${r.floor_phases.users}`,
  },
  phasesOf: 'the azure-ad connector',
};

export function renderGraphTable(
  results: Partial<Record<DatabaseKind, GraphDatabaseResult>>,
  targets: Record<string, Target>,
  header: string,
): string {
  return renderTable(results, targets, header, GRAPH_TABLE_LABELS);
}
