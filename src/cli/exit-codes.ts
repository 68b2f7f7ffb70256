// CONTRACT.md's exit codes.
export const EXIT_OK = 0;
/** A run failed. */
export const EXIT_RUN_FAILED = 1;
/** Bad config or arguments; the message names the key and what is wrong. */
export const EXIT_BAD_CONFIG = 2;
/** A run stopped at the deletion safeguard and waits for approval. */
export const EXIT_BLOCKED = 3;

/** Thrown for bad arguments; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
