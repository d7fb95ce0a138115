import { z } from 'zod';

/**
 * Events the main process pushes to the UI. The preload lets the renderer subscribe
 * to these names only and hands the callback the payload alone.
 */
export const EVENTS = {
  'vault.locked': z.object({ reason: z.enum(['user', 'inactivity', 'system', 'exit']) }),
  'task.progress': z.object({
    taskId: z.string(),
    kind: z.string(),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().nullable(),
  }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
