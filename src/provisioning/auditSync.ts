import { AuditAccessors } from '../audit/audit';
import { auditSync } from '../audit/record';
import type { SyncSummary } from './sync';

/** A full sync's summary, audited when something changed (or failed). */
export async function auditSyncSummary(acc: AuditAccessors, summary: SyncSummary): Promise<void> {
  await auditSync(acc, {
    created: summary.created.length,
    updated: summary.updated.length,
    disabled: summary.disabled.length,
    failed: summary.failed.length,
  });
}
