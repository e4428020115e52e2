import type { SessionUser } from '../../modules/identity/auth/auth.service';
import type { PageRequest } from '../session/page-request';

interface NavItem {
  href: string;
  /** Key of the link's text under `layout.nav` in the catalogue. */
  textKey: string;
  current: boolean;
}

/** The frame around every page of a signed-in person: who, where, which language, the menu. */
export interface Shell {
  user: { name: string; role: SessionUser['actor']['role'] };
  municipalityName: string;
  timeZone: string;
  nav: NavItem[];
  /** For the forms of the layout itself (language, sign out) and of the page. */
  csrfToken: string;
  /** A message left by the previous POST for this page (post-redirect-get), shown once. */
  flash: string | null;
  /** A refusal left by the previous POST, shown once as an error. */
  flashError: string | null;
  /** Where the language switch comes back to. */
  currentPath: string;
}

/** The menu by role: owners start from their own actions, everyone else from the overview. */
function navigation(role: SessionUser['actor']['role']): Omit<NavItem, 'current'>[] {
  const mine = { href: '/action-plans?ownerId=me', textKey: 'myActionPlans' };
  const common = [
    { href: '/dashboard', textKey: 'dashboard' },
    { href: '/findings', textKey: 'findings' },
    { href: '/action-plans', textKey: 'actionPlans' },
    { href: '/evaluations', textKey: 'evaluations' },
  ];
  const settings = { href: '/settings', textKey: 'settings' };
  if (role === 'owner') return [mine, ...common, settings];
  if (role === 'viewer') return [...common, settings];
  if (role === 'admin') return [...common, mine, settings, { href: '/admin', textKey: 'admin' }];
  return [...common, mine, settings];
}

/** `current` marks the menu entry whose page this is (`aria-current="page"`). */
export function buildShell(request: PageRequest, user: SessionUser, csrfToken: string, flash: string | null, flashError: string | null): Shell {
  const path = request.originalUrl;
  const items = navigation(user.actor.role);
  const best = items
    .filter((item) => path === item.href || (!item.href.includes('?') && path.split('?')[0].startsWith(item.href)))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return {
    user: { name: user.name, role: user.actor.role },
    municipalityName: user.municipality.name,
    timeZone: user.municipality.timezone,
    nav: items.map((item) => ({ ...item, current: item === best })),
    csrfToken,
    flash,
    flashError,
    currentPath: path,
  };
}
