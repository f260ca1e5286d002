import { showPanel } from '../people/showPanel';
import { CommandContext } from './CommandContext';
import { requireAdmin } from './targetUser';

/**
 * `/jeedom users`: the people panel (UIKit blocks, to the admin alone): who is linked to which Jeedom login,
 * interactions on or off, with buttons to change that and to link someone.
 */
export async function usersCommand(ctx: CommandContext): Promise<void> {
  if (!(await requireAdmin(ctx))) return;
  await showPanel(ctx, ctx.sender, ctx.room, ctx.t);
}
