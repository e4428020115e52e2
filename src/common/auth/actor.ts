export const ROLES = ['viewer', 'owner', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Each role may do what the roles before it in ROLES may. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** Who is calling: handed to every service method that touches a municipality's data, first. */
export interface Actor {
  userId: string;
  municipalityId: string;
  role: Role;
}
