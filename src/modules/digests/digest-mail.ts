import type { MailFooter } from '../mail';
import type { DigestKind } from './digest-delivery.entity';

type Locale = 'sv' | 'en';

/** Why the recipient gets the e-mail and how to stop it, in their language. */
export function digestFooter(kind: DigestKind, locale: Locale, municipalityName: string, appUrl: string): MailFooter {
  const settingsUrl = `${appUrl}/settings`;
  if (kind === 'leadership') {
    return locale === 'sv'
      ? { reason: `Du får den här veckorapporten eftersom du följer handlingsplanen i ${municipalityName}.`, howToStop: 'Stäng av veckorapporten i dina inställningar:', settingsUrl }
      : { reason: `You get this weekly digest because you follow the action plan of ${municipalityName}.`, howToStop: 'Turn the weekly digest off in your settings:', settingsUrl };
  }
  return locale === 'sv'
    ? { reason: `Du får det här mejlet eftersom du är ansvarig för åtgärder i ${municipalityName}.`, howToStop: 'Stäng av påminnelserna i dina inställningar:', settingsUrl }
    : { reason: `You get this e-mail because you own actions in ${municipalityName}.`, howToStop: 'Turn these reminders off in your settings:', settingsUrl };
}

/** The template folder of each digest kind. */
export const DIGEST_TEMPLATES: Record<DigestKind, string> = {
  leadership: 'leadership-digest',
  owner: 'owner-digest',
};

/** The same Message-ID on every try of a delivery, so a client can tell a repeat from a new mail. */
export function digestMessageId(deliveryId: string, appUrl: string): string {
  return `<digest-${deliveryId}@${new URL(appUrl).hostname}>`;
}
