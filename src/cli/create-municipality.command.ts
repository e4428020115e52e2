import { Command, CommandRunner, Option } from 'nest-commander';
import { MunicipalitiesService } from '../modules/identity/municipalities/municipalities.service';
import { CliOutput } from './cli-output';

interface Options {
  code: string;
}

@Command({
  name: 'create-municipality',
  description: "Create a municipality by its SCB code; the name comes from SCB's list (e.g. --code 2084 is Avesta)",
})
export class CreateMunicipalityCommand extends CommandRunner {
  constructor(
    private readonly municipalities: MunicipalitiesService,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    await this.output.run(async () => {
      const municipality = await this.municipalities.createFromCode(options.code);
      return `Created ${municipality.name} (${municipality.code}), id ${municipality.id}`;
    });
  }

  @Option({ flags: '--code <code>', description: "SCB's four-digit municipality code", required: true })
  parseCode(value: string): string {
    return this.output.require(/^\d{4}$/.test(value), value, '--code must be four digits, e.g. 2084');
  }
}
