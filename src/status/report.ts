import { MIN_SECRET_LENGTH } from '../settings/validate';
import { describeJeedomError } from '../i18n/describeError';
import { MessageKey, Translate } from '../i18n/translate';
import { JeedomConfigProblem } from '../jeedom/config';
import { MAX_USER_COMMANDS } from '../provisioning/shape';
import { ACCENTED_LETTER_BYTES, SEND_GET_BUDGET_BYTES } from '../provisioning/getLimit';
import { JeedomProbe, Outcome, PluginState } from './probe';

export interface AdminFacts {
  equipments: number;
  mappings: number;
  pendingAsks: number;
  /** Channels whose per-person commands reached the cap. */
  roomsAtUserCap?: number;
  lastError?: { kind: string; what: string; at: string };
  /** The private address Jeedom's commands call, when known. */
  endpointUrl?: string;
  /** `webhook_secret` is set but shorter than the minimum: ignored. */
  secretTooShort?: boolean;
}

const ACTIVITY_KEYS: Record<string, MessageKey> = {
  interaction: 'status_activity_interaction',
  sync: 'status_activity_sync',
  infos: 'status_activity_infos',
  ask_answer: 'status_activity_ask_answer',
  status: 'status_activity_status',
};

function adminLines(facts: AdminFacts | undefined, t: Translate): string[] {
  if (!facts) return [];
  const lines = [
    t('status_counts', { equipments: facts.equipments, mappings: facts.mappings, asks: facts.pendingAsks }),
  ];
  if (facts.roomsAtUserCap)
    lines.push(t('status_user_cmd_cap', { rooms: facts.roomsAtUserCap, max: MAX_USER_COMMANDS }));
  lines.push(
    t('status_send_limit', {
      bytes: SEND_GET_BUDGET_BYTES,
      accented: Math.floor(SEND_GET_BUDGET_BYTES / ACCENTED_LETTER_BYTES),
    }),
  );
  const last = facts.lastError;
  if (last) {
    const what = ACTIVITY_KEYS[last.what] ? t(ACTIVITY_KEYS[last.what]) : last.what;
    lines.push(
      t('status_last_error', { what, when: last.at.replace('T', ' ').slice(0, 19), kind: last.kind }),
    );
  }
  lines.push(
    facts.endpointUrl ? t('status_endpoint_url', { url: facts.endpointUrl }) : t('status_endpoint_unknown'),
  );
  if (facts.secretTooShort) lines.push(t('status_secret_too_short', { min: MIN_SECRET_LENGTH }));
  return lines;
}

interface StatusInput {
  /** Why Jeedom cannot be called yet, if so. */
  configProblem?: JeedomConfigProblem;
  baseUrl?: string;
  probe?: JeedomProbe;
  /** Admins see addresses, rights and plugin details; others see whether the house answers. */
  forAdmin: boolean;
  timeoutSeconds: number;
  /** What the app itself knows, for admins: counts and the last Jeedom problem. */
  admin?: AdminFacts;
}

const CONFIG_KEYS: Record<JeedomConfigProblem, MessageKey> = {
  missing_url: 'status_not_configured_url',
  bad_url: 'status_bad_url',
  missing_key: 'status_not_configured_key',
};

const PLUGIN_KEYS: Record<PluginState, MessageKey> = {
  active: 'status_plugin_active',
  inactive: 'status_plugin_inactive',
  missing: 'status_plugin_missing',
};

function detailLine<T>(
  outcome: Outcome<T> | undefined,
  what: MessageKey,
  line: (value: T) => string,
  input: StatusInput,
  t: Translate,
): string[] {
  if (!outcome) return [];
  if (outcome.ok) return [line(outcome.value)];
  return [
    t('status_check_failed', {
      what: t(what),
      reason: describeJeedomError(outcome.error, t, input.timeoutSeconds),
    }),
  ];
}

/** The text of /jeedom status, one line per check, translated. Pure: unit-tested without an engine. */
export function formatStatus(input: StatusInput, t: Translate): string {
  const main = statusLines(input, t);
  return [...main, ...(input.forAdmin ? adminLines(input.admin, t) : [])].join('\n');
}

function statusLines(input: StatusInput, t: Translate): string[] {
  const lines = [t('status_title')];
  if (input.configProblem) return [...lines, t(CONFIG_KEYS[input.configProblem])];
  const probe = input.probe;
  if (!probe) return lines;
  if (!probe.version.ok) {
    lines.push(describeJeedomError(probe.version.error, t, input.timeoutSeconds));
    return input.forAdmin ? [...lines, t('status_tried_at', { url: input.baseUrl ?? '' })] : lines;
  }
  const version = probe.version.value;
  if (!input.forAdmin) return [...lines, t('status_reachable', { version })];
  lines.push(t('status_reachable_at', { url: input.baseUrl ?? '', version }));
  lines.push(
    ...detailLine(
      probe.admin,
      'status_what_rights',
      (admin) => t(admin ? 'status_key_admin' : 'status_key_not_admin'),
      input,
      t,
    ),
    ...detailLine(probe.scriptPlugin, 'status_what_plugins', (state) => t(PLUGIN_KEYS[state]), input, t),
  );
  return lines;
}
