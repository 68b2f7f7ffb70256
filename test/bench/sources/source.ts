// What one HR source's benchmark needs (`npm run bench -- --source workday|hibob|personio`): its
// simulated account for N generated people, the connector entry that reads it on the loopback
// origin, the 1% change a delta run reads, and its fetch floor (the connector's own client making
// a full read's requests and parsing their JSON, nothing mapped or stored).
import type { Person } from '../../../src/simulator/people.ts';

export interface SourceFloorRun {
  total_ms: number;
  requests: number;
  /** Items (workers, employees) received. */
  records: number;
}

export interface SimulatedSource {
  /** The vendor: answers what it serves, `undefined` for the rest. */
  handle(request: Request): Promise<Response | undefined>;
  /** Changes 1% of the people (a different 1% each call); returns how many. */
  mutate(): number;
}

export interface HrBenchSource {
  name: 'workday' | 'hibob' | 'personio';
  /** What the table calls the records. */
  records: string;
  account(people: readonly Person[]): SimulatedSource;
  connectorEntry(origin: string): Record<string, unknown>;
  measureFloor(origin: string): Promise<SourceFloorRun>;
}

/** The people a delta round changes: a different 1% each round, spread over the population. */
export function roundOf(total: number, round: number): number[] {
  const perRound = Math.max(1, Math.round(total / 100));
  const offset = round % 100;
  return Array.from({ length: perRound }, (_, i) => (i * 100 + offset) % total);
}

/** The parsed config of a single connector entry, as openApp would build it. */
export { parseConfig } from '../../../src/config/index.ts';
