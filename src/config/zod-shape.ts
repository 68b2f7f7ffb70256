// Reading the declared keys out of a zod schema: for "did you mean" hints and for catching
// unknown keys in a connector kind's schema that was declared with a plain (key-stripping) z.object.
import { z } from 'zod';
import type { KeyPath } from './errors.ts';

/** The object schema under defaults, optionals and the input side of pipes, if there is one. */
export function objectSchemaOf(schema: z.ZodType | undefined): z.ZodObject | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 20 && current !== undefined; depth++) {
    if (current instanceof z.ZodObject) return current;
    if (
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable
    ) {
      current = current.def.innerType;
    } else if (current instanceof z.ZodPipe) {
      current = current.def.in;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** Declared keys of the object found at `path` inside `schema`. */
export function declaredKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path)
    current = objectSchemaOf(current)?.shape[String(segment)] as z.ZodType | undefined;
  const object = objectSchemaOf(current);
  return object === undefined ? [] : Object.keys(object.shape);
}

/**
 * True when the object schema silently drops keys it does not declare (plain `z.object`).
 * `z.looseObject` / `z.strictObject` / `.catchall()` decide for themselves.
 */
export function stripsUnknownKeys(object: z.ZodObject): boolean {
  return object.def.catchall === undefined;
}
