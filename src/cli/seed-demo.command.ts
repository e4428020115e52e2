import { Command, CommandRunner } from 'nest-commander';
import { CliOutput } from './cli-output';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './demo/demo-people';
import { DemoSeeder } from './demo/demo-seeder';

@Command({
  name: 'seed-demo',
  description: 'Create Avesta kommun with demo users, three evaluations from 2014 to a year ago and their action plans with history, dated from today (does nothing if present)',
})
export class SeedDemoCommand extends CommandRunner {
  constructor(
    private readonly seeder: DemoSeeder,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    await this.output.run(async () => {
      const created = await this.seeder.seed();
      const logins = DEMO_PEOPLE.map((person) => `  ${person.role.padEnd(8)} ${person.email}`).join('\n');
      return `${created ? 'Demo data created' : 'Demo data already present'}. Sign in with password ${DEMO_PASSWORD} as:\n${logins}`;
    });
  }
}
