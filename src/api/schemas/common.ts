// Schemas shared by every route: the error body, numeric path ids, JSON bodies, error responses.
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'identifier_in_use' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS = {
  400: 'validation_failed: malformed input (zod issues in details.issues)',
  401: 'unauthorized: missing or wrong bearer token, or api.token not set',
  404: 'not_found',
  409: 'identifier_in_use, display_name_in_use, conflicting_identifiers or not_allowed_for_status',
  413: 'payload_too_large: the body exceeds api.max_body_bytes',
  422: 'confirmation_required, invalid_selection or not_a_member',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Documents the error responses a route may give (all share ErrorSchema). */
export function errorResponses(...statuses: ErrorStatus[]) {
  const all: ErrorStatus[] = [401, ...statuses];
  return Object.fromEntries(
    all.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  ) as Record<
    ErrorStatus,
    { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }
  >;
}

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A required JSON request body: without `required`, a request lacking the content type skips validation. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** The largest id of an `integer` column: a larger one is refused here, not by the database as a 500. */
export const MAX_ROW_ID = 2_147_483_647;

export function idParam(name: string, description: string) {
  return z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_ROW_ID)
    .openapi({ param: { name, in: 'path' }, example: 1, description });
}

export const UserIdParams = z.object({ id: idParam('id', 'user id') });

export const Confirm = z.boolean().openapi({ description: 'Must be true: the action is irreversible.' });
