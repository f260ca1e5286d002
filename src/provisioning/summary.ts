import { describeJeedomError } from '../i18n/describeError';
import { Translate } from '../i18n/translate';
import { SyncSummary } from './sync';

const MAX_NAMES = 20;

function names(list: string[]): string {
  const shown = list.slice(0, MAX_NAMES).join(', ');
  return list.length > MAX_NAMES ? `${shown}, …` : shown;
}

/** What `/jeedom sync` tells the admin: each kind of change with the rooms concerned. Pure. */
export function formatSyncSummary(summary: SyncSummary, t: Translate, timeoutSeconds: number): string {
  const total =
    summary.created.length +
    summary.updated.length +
    summary.unchanged +
    summary.failed.length +
    summary.remaining;
  if (total === 0 && summary.disabled.length === 0) return t('sync_nothing');
  const lines = [t('sync_title')];
  if (summary.created.length)
    lines.push(t('sync_created', { count: summary.created.length, names: names(summary.created) }));
  if (summary.updated.length)
    lines.push(t('sync_updated', { count: summary.updated.length, names: names(summary.updated) }));
  if (summary.disabled.length)
    lines.push(t('sync_disabled', { count: summary.disabled.length, names: names(summary.disabled) }));
  lines.push(t('sync_unchanged', { count: summary.unchanged }));
  if (summary.remaining) lines.push(t('sync_continuing', { count: summary.remaining }));
  for (const { name, error } of summary.failed) {
    lines.push(t('sync_failed', { name, reason: describeJeedomError(error, t, timeoutSeconds) }));
  }
  return lines.join('\n');
}
