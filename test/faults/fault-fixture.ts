import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DigestDelivery } from '../../src/modules/digests/digest-delivery.entity';
import { Municipality } from '../../src/modules/identity/municipalities/municipality.entity';
import { User } from '../../src/modules/identity/users/user.entity';
import { databaseForThisFile } from '../setup/test-database';
import { makeMunicipality, makeUser } from '../utils/factories';
import type { SmtpSink } from '../utils/smtp-sink';

/** The database of this test file, read while the app runs in child processes. */
export async function openDatabase(): Promise<{ url: string; dataSource: DataSource }> {
  const url = await databaseForThisFile();
  return { url, dataSource: await new DataSource(buildDataSourceOptions(url)).initialize() };
}

/**
 * A municipality whose digests are due whenever a tick runs this week (Monday 00:00 UTC has
 * always come), and `count` leadership recipients.
 */
export async function municipalityWithRecipients(dataSource: DataSource, count: number): Promise<{ municipality: Municipality; recipients: User[] }> {
  const municipality = await makeMunicipality(dataSource, { timezone: 'UTC', digestWeekday: 1, digestHour: 0 });
  const recipients: User[] = [];
  for (let index = 0; index < count; index++) recipients.push(await makeUser(dataSource, municipality, 'viewer'));
  return { municipality, recipients };
}

export function deliveriesOf(dataSource: DataSource, municipality: { id: string }): Promise<DigestDelivery[]> {
  return dataSource.getRepository(DigestDelivery).findBy({ municipalityId: municipality.id });
}

/**
 * Every recipient got the digest, and where it arrived more than once (a kill inside a send) the
 * copies carry one Message-ID, so a mail client shows one message. Returns the duplicates.
 */
export async function expectEachExactlyOnce(smtp: SmtpSink, recipients: User[]): Promise<number> {
  await smtp.settled();
  let duplicates = 0;
  for (const recipient of recipients) {
    const mails = smtp.to(recipient.email);
    expect({ recipient: recipient.email, received: mails.length > 0 }).toEqual({ recipient: recipient.email, received: true });
    expect({ recipient: recipient.email, messageIds: new Set(mails.map((mail) => mail.parsed.messageId)).size }).toEqual({ recipient: recipient.email, messageIds: 1 });
    duplicates += mails.length - 1;
  }
  return duplicates;
}
