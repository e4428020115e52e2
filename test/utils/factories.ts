import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/auth/actor';
import { loadMunicipalityList } from '../../src/modules/identity/data/municipality-list';
import { municipalityDisplayName } from '../../src/modules/identity/municipalities/municipality-name';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { hashPassword } from '../../src/modules/identity/users/password-hasher';
import { User } from '../../src/modules/identity/users/user.entity';

export const TEST_PASSWORD = 'Testlösen-2084';
let passwordHash: Promise<string> | undefined;

/** A municipality not yet in the test database (each test file makes its own). */
export async function makeMunicipality(dataSource: DataSource, overrides: Partial<Municipality> = {}): Promise<Municipality> {
  const repository = dataSource.getRepository(Municipality);
  const taken = new Set((await repository.find({ select: { code: true } })).map((row) => row.code));
  const listed = overrides.code
    ? loadMunicipalityList().find((entry) => entry.code === overrides.code)
    : loadMunicipalityList().find((entry) => !taken.has(entry.code));
  if (!listed) throw new Error('No free municipality code left for tests');
  return repository.save(repository.create({ code: listed.code, name: municipalityDisplayName(listed), ...overrides }));
}

export async function makeUser(
  dataSource: DataSource,
  municipality: { id: string },
  role: Role,
  overrides: Partial<User> = {},
): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const repository = dataSource.getRepository(User);
  const saved = await repository.save(
    repository.create({
      municipalityId: municipality.id,
      email: `${role}-${randomUUID().slice(0, 8)}@example.se`,
      name: `Test ${role}`,
      role,
      passwordHash: await passwordHash,
      leadershipDigest: role !== 'owner',
      ownerDigest: true,
      ...overrides,
    }),
  );
  return repository.findOneByOrFail({ id: saved.id });
}
