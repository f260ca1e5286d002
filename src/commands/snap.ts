import { auditSnap, failureKind } from '../audit/record';
import { botUser } from '../chat/botIdentity';
import { describeJeedomError } from '../i18n/describeError';
import { snapshot, snapshotFileName } from '../jeedom/camera';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { personalClient } from '../jeedom/logins';
import { cameraNames, isUnknownCamera } from '../jeedom/cameraNames';
import { CommandContext } from './CommandContext';
import { requireMappedUserAndJeedom } from './mappedUser';

/**
 * `/jeedom snap <camera>`: a fresh snapshot from Jeedom's camera plugin, posted in this room. The camera is
 * looked up with the person's own key, as `/jeedom run` does: a camera Jeedom does not let them see (profile
 * `restrict` without its right) is not found, and a login disabled in Jeedom gets nothing.
 */
export async function snapCommand(ctx: CommandContext): Promise<void> {
  const wanted = ctx.args.join(' ').trim();
  if (!wanted) {
    await ctx.reply(ctx.t('snap_usage'));
    return;
  }
  const found = await requireMappedUserAndJeedom(ctx);
  if (!found) return;
  const { mapping, config } = found;
  let personalOrNone: JeedomClient | undefined;
  try {
    const personal = await personalClient(
      new JeedomClient(ctx.http, config.config, ctx.deadlineAt),
      mapping.jeedomLogin,
    );
    if (personal.state === 'disabled') {
      await ctx.reply(ctx.t('chat_login_disabled'));
      return;
    }
    if (personal.state === 'none') {
      await ctx.reply(ctx.t('snap_not_found', { camera: wanted }));
      return;
    }
    personalOrNone = personal.client;
    const { camera, jpeg } = await snapshot(ctx.http, personal.client, config.baseUrl, wanted);
    const bot = await botUser(ctx.read.getUserReader());
    const filename = snapshotFileName(camera.name, new Date());
    await ctx.modify
      .getCreator()
      .getUploadCreator()
      .uploadBuffer(Buffer.from(jpeg), { filename, room: ctx.room, user: bot });
    await auditSnap(ctx, ctx.sender, camera.name, 'ok');
  } catch (error) {
    await auditSnap(ctx, ctx.sender, wanted, failureKind(error));
    if (isUnknownCamera(error)) return replyUnknownCamera(ctx, personalOrNone, wanted);
    if (!isJeedomError(error)) throw error;
    if (error.kind === 'plugin_missing') {
      await ctx.reply(ctx.t('snap_camera_plugin_missing'));
      return;
    }
    const text =
      error.kind === 'not_found' && !error.jeedomMessage
        ? ctx.t('snap_not_found', { camera: wanted })
        : describeJeedomError(error, ctx.t, config.config.timeoutMs / 1000);
    await ctx.reply(text);
  }
}

/**
 * No camera by that name: say which ones exist, so the next try is right — only those the person's own key
 * lists, never cameras Jeedom hides from them.
 */
async function replyUnknownCamera(
  ctx: CommandContext,
  personal: JeedomClient | undefined,
  wanted: string,
): Promise<void> {
  const names = personal ? await cameraNames(personal) : [];
  await ctx.reply(
    names.length
      ? ctx.t('snap_unknown', { camera: wanted, cameras: names.join(', ') })
      : ctx.t('snap_not_found', { camera: wanted }),
  );
}
