// Page cursors of the list routes: where the previous page ended, as opaque base64url JSON. Clients
// pass `nextCursor` back unchanged; a cursor that does not decode is a 400 naming the parameter.
import { z } from 'zod';
import { ApiError } from './errors.ts';

export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = shape.safeParse(parsed);
  if (checked.success) return checked.data;
  throw new ApiError(400, 'validation_failed', 'Invalid query string: cursor is not one this API gave out.', {
    issues: [{ path: ['cursor'], code: 'custom', message: 'pass back the nextCursor of the previous page' }],
  });
}

const ROW_ID = z.number().int().positive().max(2_147_483_647);

export const UserCursorShape = z.strictObject({ name: z.string().max(1024).nullable(), id: ROW_ID });

/** A UTC time with microseconds that names a real instant (the database would refuse anything else). */
const MICROSECOND_TIME = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  .refine((text) => {
    const parsed = Date.parse(text);
    return !Number.isNaN(parsed) && new Date(parsed).toISOString().slice(0, 19) === text.slice(0, 19);
  });

export const ConflictCursorShape = z.strictObject({ lastSeen: MICROSECOND_TIME, id: ROW_ID });
