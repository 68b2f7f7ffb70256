// Medians, ratios to the floor, the issue's targets, and the two renderings: a table for people,
// JSON for machines. The CSV source's parts; graph-report.ts has the Graph source's.
import type { ChildResult } from './child.ts';
import type { FloorRun } from './floor.ts';
import type { DatabaseKind, PhaseTimes, ScenarioRun } from './scenarios.ts';
import type { StatementCost } from './statement-profile.ts';

/** What a database's result has whatever the source: medians, and ratios to that source's floor. */
export interface ScenarioSummary {
  full_ms: number;
  nochange_ms: number;
  delta_ms: number;
  peak_rss_mb: number;
  floor_ms: number;
  /** Each scenario's median divided by the floor's median. */
  ratios: { full: number; nochange: number; delta: number };
  /** Median per-phase times of each scenario (summed over the connectors). */
  phases: { full: PhaseTimes; nochange: PhaseTimes; delta: PhaseTimes };
  floor_peak_rss_mb: number;
  /** Where the first full sync's database time went (PostgreSQL with pg_stat_statements), else null. */
  full_statements: StatementCost[] | null;
}

export interface DatabaseResult extends ScenarioSummary {
  floor_phases: { parse_ms: number; write_ms: number; rows: FloorRun['rows'] };
  /** Every repetition, for whoever wants more than the median. */
  runs: { full: ScenarioRun[]; nochange: ScenarioRun[]; delta: ScenarioRun[]; floor: FloorRun[] };
}

export interface Target {
  description: string;
  limit: number;
  actual: number;
  unit: 'ms' | 'MiB' | 'x';
  met: boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianPhases(runs: readonly ScenarioRun[]): PhaseTimes {
  return {
    pull_ms: Math.round(median(runs.map((r) => r.pull_ms))),
    snapshot_ms: Math.round(median(runs.map((r) => r.snapshot_ms))),
    plan_ms: Math.round(median(runs.map((r) => r.plan_ms))),
    apply_ms: Math.round(median(runs.map((r) => r.apply_ms))),
  };
}

export const round1 = (value: number) => Math.round(value * 10) / 10;
export const round2 = (value: number) => Math.round(value * 100) / 100;

/** The scenarios' medians against the floor's repetitions (`floorTotals`, ms). */
export function summarizeScenarios(
  scenarios: ChildResult,
  floorTotals: readonly number[],
  floorPeakRssMb: number,
): ScenarioSummary {
  const runs = scenarios.scenarios;
  if (!runs) throw new Error('the scenarios child finished without its results');
  const total = (list: ScenarioRun[]) => Math.round(median(list.map((r) => r.total_ms)));
  const floor_ms = Math.round(median(floorTotals));
  const full_ms = total(runs.full);
  const nochange_ms = total(runs.nochange);
  const delta_ms = total(runs.delta);
  return {
    full_ms,
    nochange_ms,
    delta_ms,
    peak_rss_mb: round1(scenarios.peak_rss_mb),
    floor_ms,
    ratios: {
      full: round2(full_ms / floor_ms),
      nochange: round2(nochange_ms / floor_ms),
      delta: round2(delta_ms / floor_ms),
    },
    phases: {
      full: medianPhases(runs.full),
      nochange: medianPhases(runs.nochange),
      delta: medianPhases(runs.delta),
    },
    floor_peak_rss_mb: round1(floorPeakRssMb),
    full_statements: runs.statements ?? null,
  };
}

export function summarize(scenarios: ChildResult, floor: ChildResult): DatabaseResult {
  const floorRuns = floor.floor;
  if (!scenarios.scenarios || !floorRuns) throw new Error('a child finished without its results');
  return {
    ...summarizeScenarios(
      scenarios,
      floorRuns.map((r) => r.total_ms),
      floor.peak_rss_mb,
    ),
    floor_phases: {
      parse_ms: Math.round(median(floorRuns.map((r) => r.parse_ms))),
      write_ms: Math.round(median(floorRuns.map((r) => r.write_ms))),
      rows: floorRuns[0]!.rows,
    },
    runs: { ...scenarios.scenarios, floor: floorRuns },
  };
}

export function target(description: string, actual: number, limit: number, unit: Target['unit']): Target {
  return {
    description,
    limit,
    actual: unit === 'x' ? round2(actual) : Math.round(actual),
    unit,
    met: actual <= limit,
  };
}

/** The issue's targets ("Done means"); a database that was not run has none of its targets. */
export function evaluateTargets(
  results: Partial<Record<DatabaseKind, DatabaseResult>>,
): Record<string, Target> {
  const out: Record<string, Target> = {};
  const pg = results.postgres;
  const lite = results.pglite;
  if (pg) {
    out.postgres_full_le_30s = target('full sync on PostgreSQL <= 30 s', pg.full_ms, 30_000, 'ms');
    out.postgres_full_le_1_5x_floor = target(
      'full sync on PostgreSQL <= 1.5x the floor',
      pg.ratios.full,
      1.5,
      'x',
    );
    out.postgres_nochange_le_3s = target(
      'no-change re-sync on PostgreSQL <= 3 s',
      pg.nochange_ms,
      3_000,
      'ms',
    );
    out.postgres_delta_le_1s = target('1% changed re-sync on PostgreSQL <= 1 s', pg.delta_ms, 1_000, 'ms');
    out.postgres_rss_le_512mb = target('peak RSS on PostgreSQL <= 512 MiB', pg.peak_rss_mb, 512, 'MiB');
  }
  if (lite) {
    out.pglite_rss_le_1gb = target('peak RSS on PGlite <= 1 GiB', lite.peak_rss_mb, 1024, 'MiB');
  }
  if (pg && lite) {
    out.pglite_full_le_3x_postgres = target(
      'PGlite full <= 3x PostgreSQL',
      lite.full_ms / pg.full_ms,
      3,
      'x',
    );
    out.pglite_nochange_le_3x_postgres = target(
      'PGlite no-change <= 3x PostgreSQL',
      lite.nochange_ms / pg.nochange_ms,
      3,
      'x',
    );
    out.pglite_delta_le_3x_postgres = target(
      'PGlite 1% changed <= 3x PostgreSQL',
      lite.delta_ms / pg.delta_ms,
      3,
      'x',
    );
  }
  return out;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

function phaseText(p: PhaseTimes): string {
  return `pull ${p.pull_ms} / snapshot ${p.snapshot_ms} / plan ${p.plan_ms} / apply ${p.apply_ms}`;
}

/** What differs between the sources' tables. */
export interface TableLabels<R> {
  floor: string;
  /** A row under the floor's: its parts. */
  floorDetail: { label: string; cell: (result: R) => string };
  /** What the phase times are summed over. */
  phasesOf: string;
}

export const CSV_TABLE_LABELS: TableLabels<DatabaseResult> = {
  floor: 'floor (ms)',
  floorDetail: {
    label: '  parse / COPY (ms)',
    cell: (r) => `${r.floor_phases.parse_ms} / ${r.floor_phases.write_ms}`,
  },
  phasesOf: 'both connectors',
};

export function renderTable<R extends ScenarioSummary>(
  results: Partial<Record<DatabaseKind, R>>,
  targets: Record<string, Target>,
  header: string,
  labels: TableLabels<R>,
): string {
  const lines = [header, ''];
  const kinds = Object.keys(results) as DatabaseKind[];
  const row = (label: string, cell: (r: R) => string) =>
    `${label.padEnd(22)}${kinds.map((k) => pad(cell(results[k]!), 16)).join('')}`;
  lines.push(''.padEnd(22) + kinds.map((k) => pad(k, 16)).join(''));
  lines.push(row('full (ms)', (r) => String(r.full_ms)));
  lines.push(row('no-change (ms)', (r) => String(r.nochange_ms)));
  lines.push(row('1% changed (ms)', (r) => String(r.delta_ms)));
  lines.push(row(labels.floor, (r) => String(r.floor_ms)));
  lines.push(row(labels.floorDetail.label, labels.floorDetail.cell));
  lines.push(row('full / floor', (r) => `${r.ratios.full}x`));
  lines.push(row('no-change / floor', (r) => `${r.ratios.nochange}x`));
  lines.push(row('1% changed / floor', (r) => `${r.ratios.delta}x`));
  lines.push(row('peak RSS (MiB)', (r) => String(r.peak_rss_mb)));
  lines.push('');
  lines.push(`phases (median, ${labels.phasesOf}):`);
  for (const kind of kinds) {
    const r = results[kind]!;
    lines.push(`  ${kind.padEnd(9)} full      ${phaseText(r.phases.full)}`);
    lines.push(`  ${''.padEnd(9)} no-change ${phaseText(r.phases.nochange)}`);
    lines.push(`  ${''.padEnd(9)} 1%        ${phaseText(r.phases.delta)}`);
  }
  for (const kind of kinds) {
    const statements = results[kind]!.full_statements;
    if (!statements) continue;
    lines.push('');
    lines.push(`${kind}: the first full sync's costliest statements (pg_stat_statements)`);
    lines.push('  total ms  share   calls      rows  statement');
    for (const s of statements) {
      lines.push(
        `  ${pad(String(s.total_ms), 8)}  ${pad(`${Math.round(s.share * 100)}%`, 5)} ${pad(String(s.calls), 7)} ${pad(String(s.rows), 9)}  ${s.statement.slice(0, 70)}`,
      );
    }
  }
  lines.push('');
  lines.push('targets:');
  for (const t of Object.values(targets)) {
    lines.push(
      `  ${t.met ? 'met   ' : 'MISSED'} ${t.description.padEnd(44)} ${t.actual}${t.unit === 'x' ? 'x' : ` ${t.unit}`}`,
    );
  }
  return lines.join('\n');
}
