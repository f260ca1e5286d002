import { auditSnap, failureKind } from '../audit/record';
import { botUser } from '../chat/botIdentity';
import { describeJeedomError } from '../i18n/describeError';
import { snapshot, snapshotFileName } from '../jeedom/camera';
import { isJeedomError } from '../jeedom/JeedomError';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { cameraNames, isUnknownCamera } from '../jeedom/cameraNames';
import { JeedomConfig } from '../jeedom/config';
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
    await auditSnap(ctx, ctx.sender, camera.name, 'ok');
  } catch (error) {
    await auditSnap(ctx, ctx.sender, wanted, failureKind(error));
    if (isUnknownCamera(error)) return replyUnknownCamera(ctx, config.config, wanted);
    if (!isJeedomError(error)) throw error;
    await ctx.reply(describeJeedomError(error, ctx.t, config.config.timeoutMs / 1000));
  }
}

/** No camera by that name: say which ones exist, so the next try is right. */
async function replyUnknownCamera(ctx: CommandContext, config: JeedomConfig, wanted: string): Promise<void> {
  const names = await cameraNames(ctx.http, config);
  await ctx.reply(
    names.length
      ? ctx.t('snap_unknown', { camera: wanted, cameras: names.join(', ') })
      : ctx.t('snap_no_cameras', { camera: wanted }),
  );
}
