import type { z } from 'zod';
import { validationError } from '../errors.js';

/** Parses a request part with a zod schema; throws DBS_VALIDATION naming every bad field. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, value: unknown, where: string): z.output<Schema> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw validationError(where, parsed.error.issues);
  return parsed.data;
}
