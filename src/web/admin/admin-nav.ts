/** The pages of Administration, each with its key under `admin.nav` in the catalogue. */
const ADMIN_PAGES = [
  { href: '/admin/users', textKey: 'users' },
  { href: '/admin/municipality', textKey: 'municipality' },
  { href: '/admin/audit', textKey: 'audit' },
  { href: '/admin/digests', textKey: 'digests' },
];

/** The sub-menu of the administration pages, the current one marked. */
export function adminNav(current: string): { href: string; textKey: string; current: boolean }[] {
  return ADMIN_PAGES.map((page) => ({ ...page, current: page.href === current }));
}
