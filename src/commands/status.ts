import { endpointUrl } from '../webhook/address';
import { manualSecretState } from '../settings/validate';
import { TIMEOUT_SECONDS } from '../jeedom/config';
import { MAX_USER_COMMANDS } from '../provisioning/shape';
import { SettingId } from '../settings/definitions';
import { JeedomClient } from '../jeedom/JeedomClient';
import { readJeedomConfig } from '../settings/jeedomSettings';
import { probeJeedom } from '../status/probe';
import { AdminFacts, formatStatus } from '../status/report';
import { AskStore } from '../storage/AskStore';
import { ChannelEquipmentStore } from '../storage/ChannelEquipmentStore';
import { LastErrorStore } from '../storage/LastErrorStore';
import { UserMappingStore } from '../storage/UserMappingStore';
import { isAdmin } from '../chat/roles';
import { CommandContext } from './CommandContext';

/** What the app knows without asking Jeedom: equipments, links, the last Jeedom problem. */
async function adminFacts(ctx: CommandContext): Promise<AdminFacts> {
  const reader = ctx.read.getPersistenceReader();
  const [equipments, mappings, pendingAsks, lastError, url, secret] = await Promise.all([
    new ChannelEquipmentStore(reader).all(),
    new UserMappingStore(reader).all(),
    new AskStore(reader).pendingCount(),
    new LastErrorStore(reader).get(),
    endpointUrl(ctx.read),
    ctx.read.getEnvironmentReader().getSettings().getValueById(SettingId.WebhookSecret),
  ]);
  const enabled = equipments.filter((e) => e.enabled);
  return {
    equipments: enabled.length,
    roomsAtUserCap: enabled.filter((e) => e.users.length >= MAX_USER_COMMANDS).length,
    mappings: mappings.length,
    pendingAsks,
    lastError,
    endpointUrl: url,
    secretTooShort: manualSecretState(secret) === 'too_short',
  };
}

/**
 * `/jeedom status`: anyone may ask; admins get the details. Always answers, whatever Jeedom does; when Jeedom
 * cannot be reached, the admin still reads the address tried and the last problem (this one included).
 */
export async function statusCommand(ctx: CommandContext): Promise<void> {
  const parsed = await readJeedomConfig(ctx.read);
  const forAdmin = isAdmin(ctx.sender);
  if (!parsed.ok) {
    const admin = forAdmin ? await adminFacts(ctx) : undefined;
    await ctx.reply(
      formatStatus(
        { configProblem: parsed.reason, forAdmin, admin, timeoutSeconds: TIMEOUT_SECONDS.default },
        ctx.t,
      ),
    );
    return;
  }
  const probe = await probeJeedom(new JeedomClient(ctx.http, parsed.config, ctx.deadlineAt), forAdmin);
  if (!probe.version.ok) await LastErrorStore.record(ctx.persis, 'status', probe.version.error);
  const admin = forAdmin ? await adminFacts(ctx) : undefined;
  const timeoutSeconds = parsed.config.timeoutMs / 1000;
  await ctx.reply(formatStatus({ baseUrl: parsed.baseUrl, probe, forAdmin, admin, timeoutSeconds }, ctx.t));
}
