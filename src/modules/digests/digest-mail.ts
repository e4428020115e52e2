import { catalogue, type MailFooter, type MailLocale } from '../mail';
import type { DigestKind } from './digest-delivery.entity';

/** Why the recipient gets the e-mail and how to stop it, in their language (`mail.footer.<kind>Digest`). */
export function digestFooter(kind: DigestKind, locale: MailLocale, municipalityName: string, appUrl: string): MailFooter {
  const words = catalogue();
  const key = `mail.footer.${kind}Digest`;
  return {
    reason: words.translate(locale, `${key}.reason`, { municipality: municipalityName }),
    howToStop: words.translate(locale, `${key}.howToStop`),
    settingsUrl: `${appUrl}/settings`,
  };
}

/** The template folder of each digest kind. */
export const DIGEST_TEMPLATES: Record<DigestKind, string> = {
  leadership: 'leadership-digest',
  owner: 'owner-digest',
};
