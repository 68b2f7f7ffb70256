// Drains a connector's pull into memory: the planner needs the whole run's records at once
// (duplicates across pages, absences from a full snapshot).
import type {
  Connector,
  InvalidSourceRecord,
  PullMode,
  PullOutcome,
  SourceRecord,
} from '../../connectors/types.ts';

export interface PulledRun {
  records: SourceRecord[];
  invalid: InvalidSourceRecord[];
  removals: string[];
  outcome: PullOutcome;
  pages: number;
}

export async function drainPull(
  connector: Connector,
  options: { mode: PullMode; cursor: string | null; signal: AbortSignal },
): Promise<PulledRun> {
  const records: SourceRecord[] = [];
  const invalid: InvalidSourceRecord[] = [];
  const removals: string[] = [];
  let pages = 0;
  const iterator = connector.pull(options);
  for (;;) {
    options.signal.throwIfAborted();
    const next = await iterator.next();
    if (next.done) return { records, invalid, removals, outcome: next.value, pages };
    pages += 1;
    for (const record of next.value.records) records.push(record);
    for (const bad of next.value.invalid) invalid.push(bad);
    for (const id of next.value.removals) removals.push(id);
  }
}
