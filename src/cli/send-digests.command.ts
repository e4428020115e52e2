import { Command, CommandRunner, Option } from 'nest-commander';
import { DIGEST_KINDS } from '../modules/digests/digest-delivery.entity';
import type { DigestKind } from '../modules/digests/digest-delivery.entity';
import { DigestsService } from '../modules/digests/digests.service';
import { MunicipalitiesService } from '../modules/identity/municipalities/municipalities.service';
import { CliError, CliOutput } from './cli-output';

interface Options {
  municipality: string;
  kind?: DigestKind;
}

@Command({
  name: 'send-digests',
  description: "Queue this week's digests of a municipality now (once per recipient and week; failed ones are retried). A running worker sends them.",
})
export class SendDigestsCommand extends CommandRunner {
  constructor(
    private readonly municipalities: MunicipalitiesService,
    private readonly digests: DigestsService,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    await this.output.run(async () => {
      const municipality = await this.municipalities.findByCode(options.municipality);
      if (!municipality) throw new CliError(`Municipality ${options.municipality} does not exist`);
      const result = await this.digests.sendNow({ municipalityId: municipality.id }, options.kind ? [options.kind] : [...DIGEST_KINDS]);
      return `${municipality.name} ${result.periodKey}: ${result.created} recorded, ${result.retried} failed ones retried, ${result.alreadyDone} already sent or skipped`;
    });
  }

  @Option({ flags: '--municipality <code>', description: "The municipality's SCB code", required: true })
  parseMunicipality(value: string): string {
    return this.output.require(/^\d{4}$/.test(value), value, '--municipality must be a four-digit code, e.g. 2084');
  }

  @Option({ flags: '--kind <kind>', description: 'leadership or owner (default: both)' })
  parseKind(value: string): DigestKind {
    return this.output.require((DIGEST_KINDS as readonly string[]).includes(value), value, '--kind must be leadership or owner') as DigestKind;
  }
}
