import { changedFields, createdFields, deletedFields } from './audit-changes';

describe('audit changes', () => {
  it('lists only the fields whose values differ, with before and after', () => {
    const before = { name: 'Anna', role: 'owner', active: true };
    const after = { name: 'Anna', role: 'manager', active: false };
    expect(changedFields(before, after, ['name', 'role', 'active'])).toEqual({
      role: { before: 'owner', after: 'manager' },
      active: { before: true, after: false },
    });
  });

  it('compares dates by their instant, not their object identity', () => {
    const before = { dueDate: new Date('2026-01-01T00:00:00Z') };
    const same = { dueDate: new Date('2026-01-01T00:00:00Z') };
    expect(changedFields(before, same, ['dueDate'])).toEqual({});
  });

  it('records creations as after-only and deletions as before-only', () => {
    expect(createdFields({ a: 1, b: 'x' }, ['a'])).toEqual({ a: { after: 1 } });
    expect(deletedFields({ a: 1, b: 'x' }, ['b'])).toEqual({ b: { before: 'x' } });
  });
});
