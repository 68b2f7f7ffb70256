// The contract between a connector and the rest of idsync. Vendor JSON never leaves a
// connector's folder: what crosses this line is a SourceRecord (defined by the domain, in
// src/domain/source-record.ts, and re-exported here for the connectors).
import type { z } from 'zod';
import type { InvalidSourceRecord, SourceRecord } from '../src/domain/source-record.ts';

export type {
  InvalidSourceRecord,
  SourceIdentifier,
  SourceRecord,
  SourceState,
} from '../src/domain/source-record.ts';
export { identifiersFrom, valuesOf } from '../src/domain/source-record.ts';

/** One page of a pull. */
export interface SourcePage {
  records: SourceRecord[];
  invalid: InvalidSourceRecord[];
  /** External ids the source reports as deleted (incremental pulls). */
  removals: string[];
}

export type PullMode = 'full' | 'incremental';

export interface PullOptions {
  /** Requested mode; a connector without a cursor, or whose cursor expired, pulls fully. */
  mode: PullMode;
  /** The cursor saved by the last committed run of this connector, or null. */
  cursor: string | null;
  signal: AbortSignal;
}

/** What a pull reports once its pages are exhausted. */
export interface PullOutcome {
  /** The mode actually used (an expired delta falls back to full). */
  mode: PullMode;
  /** Saved as the connector's cursor only if the run's apply commits. */
  cursor: string | null;
  /** True when a full pull read every page: only then may absences remove anything. */
  complete: boolean;
  /** Things the admin should know that did not stop the run (e.g. a mapped field never seen). */
  warnings: string[];
  /** Why a requested incremental pull ran fully, when it did. */
  fallbackReason?: string;
}

export interface Connector {
  readonly id: string;
  pull(options: PullOptions): AsyncGenerator<SourcePage, PullOutcome, void>;
}

export interface ConnectorCapabilities {
  full: true;
  incremental: boolean;
  reportsDeletions: boolean;
}

/** What every connector instance has in config.yaml, whatever its kind. */
export interface CommonConnectorConfig {
  id: string;
  kind: string;
  /** Cron expression for incremental runs (or full runs, for a kind without incremental). */
  schedule?: string | undefined;
  /** Optional cron expression for full runs. */
  full_schedule?: string | undefined;
  /** Lower wins on shared attributes (display name, time zone, groups, primary group). */
  precedence: number;
  /** What a disabled or terminated record does to its user. */
  on_disable: 'untrack' | 'remove_identifiers' | 'ignore';
  /** Attempts for a throttled or failing request before the run fails. */
  max_retries: number;
}

export interface ConnectorDeps {
  /** Injected so tests can count requests; defaults to the global fetch. */
  fetch?: typeof fetch;
  log: {
    info(meta: object, msg: string): void;
    warn(meta: object, msg: string): void;
  };
  /**
   * Called before every retry wait of every request this connector makes (throttled, 5xx,
   * network), e.g. to count them in metrics. The connector logs the retry itself.
   */
  onRetry?: (info: { status: number | null; code: string; attempt: number; waitMs: number }) => void;
}

export interface ConnectorKind<Schema extends z.ZodType = z.ZodType> {
  kind: string;
  /** zod schema of this kind's own keys (the common keys are validated centrally). */
  configSchema: Schema;
  capabilities: ConnectorCapabilities;
  create(config: z.output<Schema> & CommonConnectorConfig, deps: ConnectorDeps): Connector;
}
