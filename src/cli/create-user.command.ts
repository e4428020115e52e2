import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ROLES } from '../common/auth/actor';
import { MunicipalitiesService } from '../modules/identity/municipalities/municipalities.service';
import { CreateUserDto } from '../modules/identity/users/user.dto';
import { UsersService } from '../modules/identity/users/users.service';
import { CliError, CliOutput } from './cli-output';

interface Options {
  municipality: string;
  email: string;
  name: string;
  role: string;
  password: string;
  unit?: string;
  locale?: string;
}

@Command({ name: 'create-user', description: 'Create a user in a municipality' })
export class CreateUserCommand extends CommandRunner {
  constructor(
    private readonly municipalities: MunicipalitiesService,
    private readonly users: UsersService,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    await this.output.run(async () => {
      const municipality = await this.municipalities.findByCode(options.municipality);
      if (!municipality) {
        throw new CliError(`Municipality ${options.municipality} does not exist yet: run create-municipality --code ${options.municipality}`);
      }
      const input = plainToInstance(CreateUserDto, {
        email: options.email,
        name: options.name,
        role: options.role,
        password: options.password,
        unit: options.unit,
        locale: options.locale,
      });
      const problems = await validate(input, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
      if (problems.length > 0) {
        throw new CliError(problems.flatMap((problem) => Object.values(problem.constraints ?? {})).join('\n'));
      }
      const user = await this.users.createInMunicipality(municipality.id, input, { municipalityId: municipality.id, userId: null });
      return `Created ${user.role} ${user.id} in ${municipality.name}`;
    });
  }

  @Option({ flags: '--municipality <code>', description: "The municipality's SCB code", required: true })
  parseMunicipality(value: string): string {
    return this.output.require(/^\d{4}$/.test(value), value, '--municipality must be a four-digit code, e.g. 2084');
  }

  @Option({ flags: '--email <email>', description: 'E-mail address, used to sign in', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Full name', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `One of ${ROLES.join(', ')}`, required: true })
  parseRole(value: string): string {
    return this.output.require((ROLES as readonly string[]).includes(value), value, `--role must be one of ${ROLES.join(', ')}`);
  }

  @Option({ flags: '--password <password>', description: 'At least 10 characters, not easy to guess (judged with the name and e-mail as context)', required: true })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '--unit <unit>', description: 'Förvaltning or enhet' })
  parseUnit(value: string): string {
    return value;
  }

  @Option({ flags: '--locale <locale>', description: 'sv (default) or en' })
  parseLocale(value: string): string {
    return value;
  }
}
