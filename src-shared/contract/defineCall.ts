import type { z } from 'zod';

/** One contract call: the schema its input must pass and the schema its output must pass. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export function call<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
): CallSpec<I, O> {
  return { input, output };
}

/** What the caller may send (before defaults and transforms). */
export type InputOf<C> = C extends CallSpec<infer I, z.ZodType> ? z.input<I> : never;
/** What the handler receives (after parsing). */
export type ParsedInputOf<C> = C extends CallSpec<infer I, z.ZodType> ? z.output<I> : never;
/** What the caller receives. */
export type OutputOf<C> = C extends CallSpec<z.ZodType, infer O> ? z.output<O> : never;
