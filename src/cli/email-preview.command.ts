import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DigestDeliverer } from '../modules/digests/digest-deliverer.service';
import { DigestKind } from '../modules/digests/digest-delivery.entity';
import { User } from '../modules/identity/users/user.entity';
import { MAIL_LOCALES } from '../modules/mail';
import { CliOutput } from './cli-output';
import { DEMO_MUNICIPALITY_CODE, DemoSeeder } from './demo/demo-seeder';
import { MunicipalitiesService } from '../modules/identity/municipalities/municipalities.service';

interface Options {
  out: string;
}

@Command({
  name: 'email-preview',
  description: 'Render every e-mail with the demo data (seeded if missing) into files to open in a browser or text editor',
})
export class EmailPreviewCommand extends CommandRunner {
  constructor(
    private readonly seeder: DemoSeeder,
    private readonly municipalities: MunicipalitiesService,
    private readonly deliverer: DigestDeliverer,
    private readonly dataSource: DataSource,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    await this.output.run(async () => {
      await this.seeder.seed();
      const municipality = (await this.municipalities.findByCode(DEMO_MUNICIPALITY_CODE))!;
      const users = this.dataSource.getRepository(User);
      const recipients: Record<DigestKind, User> = {
        leadership: await users.findOneByOrFail({ email: 'ks.ordforande@avesta.example' }),
        owner: await users.findOneByOrFail({ email: 'lena.holm@avesta.example' }),
      };
      const folder = resolve(options.out);
      await mkdir(folder, { recursive: true });
      const written: string[] = [];
      for (const [kind, user] of Object.entries(recipients) as [DigestKind, User][]) {
        for (const locale of MAIL_LOCALES) {
          const { mail } = await this.deliverer.render(kind, municipality.id, { ...user, locale });
          const base = join(folder, `${kind}-digest.${locale}`);
          await writeFile(`${base}.html`, mail.html);
          await writeFile(`${base}.txt`, `Subject: ${mail.subject}\n\n${mail.text}`);
          written.push(`${base}.html`, `${base}.txt`);
        }
      }
      return `Wrote:\n${written.map((file) => `  ${file}`).join('\n')}`;
    });
  }

  @Option({ flags: '--out <folder>', description: 'Where to write the files', defaultValue: 'var/email-preview' })
  parseOut(value: string): string {
    return value;
  }
}
