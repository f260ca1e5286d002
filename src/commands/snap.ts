import { botUser } from '../chat/botIdentity';
import { describeJeedomError } from '../i18n/describeError';
import { snapshot, snapshotFileName } from '../jeedom/camera';
import { isJeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { CommandContext } from './CommandContext';
import { requireMappedUser } from './mappedUser';

/** `/jeedom snap <camera>`: a fresh snapshot from Jeedom's camera plugin, posted in this room. */
export async function snapCommand(ctx: CommandContext): Promise<void> {
  const wanted = ctx.args.join(' ').trim();
  if (!wanted) {
    await ctx.reply(ctx.t('snap_usage'));
    return;
  }
  if (!(await requireMappedUser(ctx))) return;
  const config = await readJeedomConfig(ctx.read);
  if (!config.ok) {
    await ctx.reply(ctx.t('chat_not_configured'));
    return;
  }
  try {
    const { camera, jpeg } = await snapshot(ctx.http, config.config, config.baseUrl, wanted);
    const bot = await botUser(ctx.read.getUserReader());
    const filename = snapshotFileName(camera.name, new Date());
    await ctx.modify
      .getCreator()
      .getUploadCreator()
      .uploadBuffer(Buffer.from(jpeg), { filename, room: ctx.room, user: bot });
  } catch (error) {
    if (!isJeedomError(error)) throw error;
    if (error.kind === 'plugin_missing') {
      await ctx.reply(ctx.t('snap_camera_plugin_missing'));
      return;
    }
    await ctx.reply(describeJeedomError(error, ctx.t, config.config.timeoutMs / 1000));
  }
}
