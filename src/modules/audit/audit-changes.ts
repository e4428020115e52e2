import { AuditChanges } from './audit-event.entity';

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** The fields whose values differ, each with its value before and after. */
export function changedFields<T extends object>(before: T, after: T, fields: (keyof T)[]): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const was = comparable(before[field]);
    const is = comparable(after[field]);
    if (JSON.stringify(was) !== JSON.stringify(is)) changes[String(field)] = { before: was, after: is };
  }
  return changes;
}

export function createdFields<T extends object>(row: T, fields: (keyof T)[]): AuditChanges {
  return Object.fromEntries(fields.map((field) => [String(field), { after: comparable(row[field]) }]));
}

export function deletedFields<T extends object>(row: T, fields: (keyof T)[]): AuditChanges {
  return Object.fromEntries(fields.map((field) => [String(field), { before: comparable(row[field]) }]));
}
