import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { DigestDeliverer } from '../modules/digests/digest-deliverer.service';
import { User } from '../modules/identity/users/user.entity';
import { MunicipalitiesService } from '../modules/identity/municipalities/municipalities.service';
import { findTemplatesDir, MAIL_LOCALES, mailHoles, type MailLocale, type RenderedMail } from '../modules/mail';
import { AccountMail } from '../modules/notifications/account-mail.service';
import { NotificationDeliverer } from '../modules/notifications/notification-deliverer.service';
import type { NotificationKind } from '../modules/notifications/notifications.constants';
import { ActionPlansService } from '../modules/action-plans/plans/action-plans.service';
import { CliOutput } from './cli-output';
import { DEMO_MUNICIPALITY_CODE, DemoSeeder } from './demo/demo-seeder';

interface Options {
  out: string;
}

type Preview = (locale: MailLocale) => Promise<RenderedMail>;

@Command({
  name: 'email-preview',
  description: 'Render every e-mail in Swedish and English with the demo data (seeded if missing) into files to open in a browser or text editor',
})
export class EmailPreviewCommand extends CommandRunner {
  constructor(
    private readonly seeder: DemoSeeder,
    private readonly municipalities: MunicipalitiesService,
    private readonly deliverer: DigestDeliverer,
    private readonly accountMail: AccountMail,
    private readonly notifications: NotificationDeliverer,
    private readonly plans: ActionPlansService,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    await this.output.run(async () => {
      await this.seeder.seed();
      const previews = await this.previews();
      // Every e-mail there is a template for, so a new one cannot be left out of the preview.
      const templates = (await readdir(join(findTemplatesDir(__dirname), 'emails'))).sort();
      const missing = templates.filter((name) => !(name in previews));
      if (missing.length > 0) throw new Error(`No preview for the e-mail ${missing.join(', ')}`);

      const folder = resolve(options.out);
      await mkdir(folder, { recursive: true });
      const written: string[] = [];
      for (const name of templates) {
        for (const locale of MAIL_LOCALES) {
          const mail = await previews[name](locale);
          const holes = mailHoles(mail);
          if (holes.length > 0) throw new Error(`The e-mail ${name} in ${locale} has holes:\n  ${holes.join('\n  ')}`);
          const base = join(folder, `${name}.${locale}`);
          await writeFile(`${base}.html`, mail.html);
          await writeFile(`${base}.txt`, `Subject: ${mail.subject}\n\n${mail.text}`);
          written.push(`${base}.html`, `${base}.txt`);
        }
      }
      return `Wrote:\n${written.map((file) => `  ${file}`).join('\n')}`;
    });
  }

  /** How to make each e-mail from the demo data, by template name. */
  private async previews(): Promise<Record<string, Preview>> {
    const municipality = (await this.municipalities.findByCode(DEMO_MUNICIPALITY_CODE))!;
    const users = this.dataSource.getRepository(User);
    const reader = await users.findOneByOrFail({ email: 'ks.ordforande@avesta.example' });
    const owner = await users.findOneByOrFail({ email: 'lena.holm@avesta.example' });
    const link = `${this.config.appUrl}/password-reset/preview-token-not-valid`;
    const [plan] = (await this.plans.list({ userId: owner.id, municipalityId: municipality.id, role: owner.role }, { ownerId: owner.id, limit: 1, offset: 0, sort: 'dueDate' })).items;
    const notification = (kind: NotificationKind): Preview => (locale) => this.notifications.render(kind, { ...owner, locale }, plan);
    return {
      'plan-assigned': notification('assigned'),
      'plan-unassigned': notification('unassigned'),
      'plan-reminder': notification('reminder'),
      'plan-overdue': notification('overdue'),
      'leadership-digest': async (locale) => (await this.deliverer.render('leadership', municipality.id, { ...reader, locale })).mail,
      'owner-digest': async (locale) => (await this.deliverer.render('owner', municipality.id, { ...owner, locale })).mail,
      invitation: (locale) => Promise.resolve(this.accountMail.invitationMail({ name: owner.name, locale }, municipality.name, link, 7 * 24)),
      'password-reset': (locale) => Promise.resolve(this.accountMail.passwordResetMail({ name: owner.name, locale }, link, 1)),
    };
  }

  @Option({ flags: '--out <folder>', description: 'Where to write the files', defaultValue: 'var/email-preview' })
  parseOut(value: string): string {
    return value;
  }
}
