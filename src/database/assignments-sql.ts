import type { EntityMetadata } from 'typeorm';

/**
 * `"column" = $n` for each property of `changes`, by the entity's own column names, each value
 * appended to `params`: an UPDATE written out, for writes on a hot path. As TypeORM's update, a
 * property given as undefined is left alone.
 */
export function assignmentsSql(metadata: EntityMetadata, changes: object, params: unknown[]): string[] {
  return Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([property, value]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
      return `"${column.databaseName}" = $${params.push(value)}`;
    });
}
