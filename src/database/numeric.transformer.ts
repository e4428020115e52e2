import { ValueTransformer } from 'typeorm';

/** Postgres returns numeric columns as strings (exact decimals); the API deals in numbers. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
