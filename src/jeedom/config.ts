import { z } from 'zod';

import { normaliseJeedomUrl, type JeedomUrlProblem } from './url';

export interface JeedomConfig {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly tlsVerify: boolean;
}

/** Raw values of the settings `jeedom_url`, `jeedom_api_key`, `jeedom_timeout`, `jeedom_tls_verify`. */
export interface JeedomSettingValues {
  readonly url: unknown;
  readonly apiKey: unknown;
  readonly timeoutSeconds: unknown;
  readonly tlsVerify: unknown;
}

export type JeedomConfigProblem = 'missing_url' | 'bad_url' | 'missing_key';

export type JeedomConfigOk = { ok: true; config: JeedomConfig; baseUrl: string };
export type JeedomConfigResult =
  JeedomConfigOk | { ok: false; reason: JeedomConfigProblem; urlProblem?: JeedomUrlProblem };

// The engine gives an app call 30 s (APPS_ENGINE_RUNTIME_TIMEOUT): past 25 s the user could get no answer at all.
export const TIMEOUT_SECONDS = { min: 1, max: 25, default: 10 } as const;

const text = z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string());

// Settings arrive as numbers or numeric strings depending on how they were saved; junk falls back to the default.
const timeoutSeconds = z
  .preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number().finite(),
  )
  .transform((s) => Math.min(TIMEOUT_SECONDS.max, Math.max(TIMEOUT_SECONDS.min, Math.round(s))))
  .catch(TIMEOUT_SECONDS.default);

// Anything but an explicit "off" keeps verification on: the safe default.
const tlsVerify = z.preprocess((value) => value !== false && value !== 'false', z.boolean());

const settingsSchema = z.object({ url: text, apiKey: text, timeoutSeconds, tlsVerify });

/** Turns raw setting values into a client config, or the reason Jeedom is not configured yet. */
export function parseJeedomConfig(values: JeedomSettingValues): JeedomConfigResult {
  const settings = settingsSchema.parse(values);
  const url = normaliseJeedomUrl(settings.url);
  if (!url.ok) {
    return url.reason === 'empty'
      ? { ok: false, reason: 'missing_url' }
      : { ok: false, reason: 'bad_url', urlProblem: url.reason };
  }
  if (settings.apiKey === '') return { ok: false, reason: 'missing_key' };
  const config = {
    apiUrl: url.apiUrl,
    apiKey: settings.apiKey,
    timeoutMs: settings.timeoutSeconds * 1000,
    tlsVerify: settings.tlsVerify,
  };
  return { ok: true, config, baseUrl: url.baseUrl };
}
