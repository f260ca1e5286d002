import { auditSnap, failureKind } from '../audit/record';
import { botUser } from '../chat/botIdentity';
import { describeJeedomError } from '../i18n/describeError';
import { snapshot, snapshotFileName } from '../jeedom/camera';
import { JeedomClient } from '../jeedom/JeedomClient';
import { isJeedomError } from '../jeedom/JeedomError';
import { personalConfig } from '../jeedom/logins';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { cameraNames, isUnknownCamera } from '../jeedom/cameraNames';
import { JeedomConfig } from '../jeedom/config';
import { CommandContext } from './CommandContext';
import { requireMappedUser } from './mappedUser';

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
  const mapping = await requireMappedUser(ctx);
  if (!mapping) return;
  const config = await readJeedomConfig(ctx.read);
  if (!config.ok) {
    await ctx.reply(ctx.t('chat_not_configured'));
    return;
  }
  let personalOrNone: JeedomConfig | undefined;
  try {
    const app = new JeedomClient(ctx.http, config.config);
    const personal = await personalConfig(app, config.config, mapping.jeedomLogin);
    personalOrNone = personal.config;
    if (personal.check.state === 'disabled') {
      await ctx.reply(ctx.t('chat_login_disabled'));
      return;
    }
    if (!personal.config) {
      await ctx.reply(ctx.t('snap_not_found', { camera: wanted }));
      return;
    }
    const { camera, jpeg } = await snapshot(ctx.http, personal.config, config.baseUrl, wanted);
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
  personal: JeedomConfig | undefined,
  wanted: string,
): Promise<void> {
  const names = personal ? await cameraNames(ctx.http, personal) : [];
  await ctx.reply(
    names.length
      ? ctx.t('snap_unknown', { camera: wanted, cameras: names.join(', ') })
      : ctx.t('snap_not_found', { camera: wanted }),
  );
}
