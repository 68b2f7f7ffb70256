// The source records a conflict names, with the user each one is linked to. A conflict stores its
// connectors and external ids as two lists; a record is (connector, external id), so every pair is
// looked up in source_links at once, for a page of conflicts in one statement.
import { sql } from 'drizzle-orm';
import type { ConflictView } from './conflicts.ts';
import { query, recordset } from './bulk.ts';
import type { Executor } from './database.ts';

export interface ConflictRecordLink {
  /** The record's connector; null when the conflict names several and none has the record linked. */
  connector: string | null;
  externalId: string;
  /** The user the record is linked to now; null when it is linked to nobody. */
  userId: number | null;
}

type NamedRecords = Pick<ConflictView, 'id' | 'connectorId' | 'connectors' | 'externalIds'>;

function connectorsOf(conflict: NamedRecords): string[] {
  const all =
    conflict.connectorId === null ? conflict.connectors : [conflict.connectorId, ...conflict.connectors];
  return [...new Set(all)];
}

/** For each conflict (by id), its records in the order it names them. */
export async function conflictRecordLinks(
  executor: Executor,
  conflicts: readonly NamedRecords[],
): Promise<Map<number, ConflictRecordLink[]>> {
  const candidates = conflicts.flatMap((conflict) =>
    connectorsOf(conflict).flatMap((connector) =>
      conflict.externalIds.map((externalId) => ({
        conflict_id: conflict.id,
        connector,
        external_id: externalId,
      })),
    ),
  );
  const rows =
    candidates.length === 0
      ? []
      : await query<{ conflict_id: number; connector: string; external_id: string; user_id: number }>(
          executor,
          sql`select r.conflict_id, r.connector, r.external_id, l.user_id
              from ${recordset(candidates, 'r', 'conflict_id int, connector text, external_id text')}
              join source_links l on l.connector_id = r.connector and l.external_id = r.external_id
              order by r.conflict_id, r.connector`,
        );
  const linked = new Map<string, Array<{ connector: string; userId: number }>>();
  for (const row of rows) {
    const key = `${row.conflict_id}\u0000${row.external_id}`;
    const list = linked.get(key) ?? [];
    list.push({ connector: row.connector, userId: row.user_id });
    linked.set(key, list);
  }
  return new Map(
    conflicts.map((conflict) => {
      const connectors = connectorsOf(conflict);
      const records = conflict.externalIds.flatMap((externalId): ConflictRecordLink[] => {
        const links = linked.get(`${conflict.id}\u0000${externalId}`);
        if (links) return links.map((link) => ({ ...link, externalId }));
        return [{ connector: connectors.length === 1 ? connectors[0]! : null, externalId, userId: null }];
      });
      return [conflict.id, records];
    }),
  );
}

/**
 * The users a conflict names: those it lists, then those its records are linked to (a record's
 * user is named through the record, e.g. the users behind two records of a `duplicate_in_source`).
 */
export function namedUserIds(
  conflict: Pick<ConflictView, 'userIds'>,
  records: readonly ConflictRecordLink[],
) {
  const ids = [...conflict.userIds];
  for (const record of records) if (record.userId !== null) ids.push(record.userId);
  return [...new Set(ids)];
}
