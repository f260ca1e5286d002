import { z } from 'zod';

/**
 * Jeedom 4.5 sends every PHP-`empty()` result (`[]`, `0`, `""`, `false`, `null`) as the string "ok";
 * 4.4 sends it as is. Wrap a schema with this to accept both, mapping "ok" to `empty`.
 */
export function okAsEmpty<T extends z.ZodTypeAny>(schema: T, empty: z.output<T>) {
  return z.union([z.literal('ok').transform((): z.output<T> => empty), schema]);
}

/** A list result: 4.5 sends an empty list as "ok". */
export function listResult<T extends z.ZodTypeAny>(item: T) {
  return okAsEmpty(z.array(item), []);
}

export const pingSchema = z.literal('pong');

export const versionSchema = z.string().trim().min(1);

// A Jeedom id is a string in info.json but PHP may hand out numbers; we always use strings.
export const jeedomId = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1));

/** An id that may be absent (an equipment without object): null, empty or 0 all mean none. */
export const optionalJeedomId = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' || String(v) === '0' ? null : String(v)));

/**
 * One entry of `plugin::listPlugin` (the plugin object through `utils::o2a`, i.e. all its properties).
 * There is no activation field: "active" is only known by asking with `activateOnly: 1`.
 * Unused fields (description, changelog, paths, …) are stripped.
 */
export const pluginSchema = z.object({
  id: jeedomId,
  name: z.string(),
  category: z.string().optional().catch(undefined),
});
export type JeedomPlugin = z.infer<typeof pluginSchema>;

export const pluginListSchema = listResult(pluginSchema);
