import { z } from 'zod';
import { listResult } from './schemas';

/**
 * `user::all` answers with every user's API key and password hash: the schema keeps the login and
 * profile only, so nothing else survives parsing.
 */
export const jeedomUserSchema = z.object({
  login: z.string(),
  profils: z.string().optional().catch(undefined),
});
export type JeedomUser = z.infer<typeof jeedomUserSchema>;

export const jeedomUsersSchema = listResult(jeedomUserSchema);
