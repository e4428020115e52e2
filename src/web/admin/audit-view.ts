/** Where the thing an audit event concerns is shown; null when it has no page of its own. */
export function auditLink(event: { entityType: string; entityId: string; changes: Record<string, { before?: unknown; after?: unknown }> }): string | null {
  const from = (field: string) => {
    const change = event.changes[field];
    const value = change?.after ?? change?.before;
    return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? value : null;
  };
  switch (event.entityType) {
    case 'action-plan':
      return `/action-plans/${event.entityId}`;
    case 'progress-update':
      return from('actionPlanId') ? `/action-plans/${from('actionPlanId')}` : null;
    case 'evaluation':
    case 'evaluation-scores':
      return `/evaluations/${event.entityId}`;
    case 'finding':
      return from('evaluationId') ? `/evaluations/${from('evaluationId')}/findings#finding-${event.entityId}` : null;
    case 'reference':
      return from('evaluationId') ? `/evaluations/${from('evaluationId')}` : null;
    case 'user':
      return `/admin/users/${event.entityId}`;
    case 'municipality':
      return '/admin/municipality';
    default:
      return null;
  }
}

/** A value before or after a change as text: a user's id as their name, lists and objects as JSON. */
export function auditValue(value: unknown, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'string') return names.get(value) ?? value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map((item) => names.get(item) ?? item).join(', ') || '–';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
