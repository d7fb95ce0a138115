import { z } from 'zod';

/** Calls that take no arguments still take an (empty, strict) object, so fuzzing is uniform. */
export const NoInput = z.strictObject({});
export const Ok = z.object({ ok: z.literal(true) });

/** Free text from a user: bounded, so a pasted novel cannot become a denial of service. */
export const shortText = (max = 200) => z.string().trim().max(max);
export const Secret = z.string().min(1).max(1024);
