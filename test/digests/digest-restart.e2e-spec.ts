import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DigestDelivery } from '../../src/modules/digests/digest-delivery.entity';
import { DigestsService } from '../../src/modules/digests/digests.service';
import { User } from '../../src/modules/identity/users/user.entity';
import { makeMunicipality, makeUser } from '../utils/factories';
import { eventually, SmtpSink } from '../utils/smtp-sink';
import { databaseForThisFile } from '../setup/test-database';
import { createTestApp, TestApp } from '../utils/test-app';

describe('a worker stopped in the middle of a batch', () => {
  it('leaves every recipient with exactly one digest once it is started again', async () => {
    const smtp = await new SmtpSink().start();
    // A slow server, so the batch is still running when the first app stops.
    smtp.delayMs = 150;
    const env = { SMTP_URL: smtp.url, DIGEST_SEND_ATTEMPTS: '3', DIGEST_RETRY_DELAY_MS: '20' };
    // Reads the deliveries while no app is running.
    const database = await new DataSource(buildDataSourceOptions(await databaseForThisFile())).initialize();
    let first: TestApp | undefined = await createTestApp(env);
    let second: TestApp | undefined;
    try {
      const municipality = await makeMunicipality(database);
      const recipients: User[] = [];
      for (let index = 0; index < 40; index++) recipients.push(await makeUser(database, municipality, 'viewer'));
      const deliveries = () => database.getRepository(DigestDelivery).findBy({ municipalityId: municipality.id });

      await first.app.get(DigestsService).sendNow({ municipalityId: municipality.id }, ['leadership']);
      await eventually(async () => (await deliveries()).some((delivery) => delivery.status === 'sent'), 20_000, 'the first digest');
      await first.close();
      first = undefined;

      const sentWhenStopped = smtp.received.length;
      const pending = (await deliveries()).filter((delivery) => delivery.status === 'queued');
      expect(sentWhenStopped).toBeGreaterThan(0);
      expect(pending.length).toBeGreaterThan(0);

      second = await createTestApp(env);
      await eventually(async () => (await deliveries()).every((delivery) => delivery.status === 'sent'), 30_000, 'every digest sent');
      await smtp.settled();
      for (const recipient of recipients) expect(smtp.to(recipient.email)).toHaveLength(1);
      expect(smtp.received).toHaveLength(recipients.length);
    } finally {
      await first?.close();
      await second?.close();
      await smtp.close();
      await database.destroy();
    }
  });
});
