// One run per connector across every replica on one database. On PostgreSQL a run holds a
// session advisory lock on a connection of its own for its whole duration, so a replica that dies
// mid-run releases it with its session. PGlite belongs to one process: a set of held ids suffices.
import postgres from 'postgres';

export interface ConnectorLock {
  connectorId: string;
  release(): Promise<void>;
}

export interface ConnectorLocks {
  /** The connector's lock, or null when another run (here or in another replica) holds it. */
  tryAcquire(connectorId: string): Promise<ConnectorLock | null>;
  close(): Promise<void>;
}

/** The advisory lock key text; `hashtext` of it is the lock id. Shared with anyone who must wait for a run. */
export function connectorLockKey(connectorId: string): string {
  return `idsync.connector:${connectorId}`;
}

export function openConnectorLocks(url: string | undefined, connectorCount: number): ConnectorLocks {
  return url ? openAdvisoryLocks(url, connectorCount) : openInProcessLocks();
}

export function openInProcessLocks(): ConnectorLocks {
  const held = new Set<string>();
  return {
    async tryAcquire(connectorId) {
      if (held.has(connectorId)) return null;
      held.add(connectorId);
      let released = false;
      return {
        connectorId,
        async release() {
          if (released) return;
          released = true;
          held.delete(connectorId);
        },
      };
    },
    async close() {
      held.clear();
    },
  };
}

function openAdvisoryLocks(url: string, connectorCount: number): ConnectorLocks {
  // Its own small pool: a held lock pins a connection, which must not starve the run's queries.
  const client = postgres(url, {
    max: Math.max(1, connectorCount),
    onnotice: () => {},
    connection: { application_name: 'idsync-locks' },
  });
  // Session locks are re-entrant within one session; this set refuses a second holder here.
  const held = new Set<string>();
  return {
    async tryAcquire(connectorId) {
      if (held.has(connectorId)) return null;
      held.add(connectorId);
      const key = connectorLockKey(connectorId);
      let connection: postgres.ReservedSql;
      try {
        connection = await client.reserve();
      } catch (error) {
        held.delete(connectorId);
        throw error;
      }
      try {
        const [row] = await connection<
          { locked: boolean }[]
        >`select pg_try_advisory_lock(hashtext(${key})) as locked`;
        if (!row?.locked) {
          connection.release();
          held.delete(connectorId);
          return null;
        }
      } catch (error) {
        connection.release();
        held.delete(connectorId);
        throw error;
      }
      let released = false;
      return {
        connectorId,
        async release() {
          if (released) return;
          released = true;
          try {
            await connection`select pg_advisory_unlock(hashtext(${key}))`;
          } finally {
            connection.release();
            held.delete(connectorId);
          }
        },
      };
    },
    async close() {
      await client.end({ timeout: 2 });
    },
  };
}
