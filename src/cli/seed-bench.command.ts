import { Command, CommandRunner, Option } from 'nest-commander';
import { BenchSeeder } from './demo/bench-seeder';
import { CliOutput } from './cli-output';

interface Options {
  municipalities: number;
}

@Command({
  name: 'seed-bench',
  description: 'Fill the database with benchmark data: municipalities with 20 users, 2 evaluations, ~25 plans per evaluation finding set and ~12 updates per plan',
})
export class SeedBenchCommand extends CommandRunner {
  constructor(
    private readonly seeder: BenchSeeder,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    await this.output.run(async () => {
      const started = performance.now();
      const counts = await this.seeder.seed(options.municipalities);
      return `Benchmark data in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(counts)
        .map(([table, count]) => `${count} ${table}`)
        .join(', ')}`;
    });
  }

  @Option({ flags: '--municipalities <count>', description: 'How many municipalities (1–290)', defaultValue: 290 })
  parseCount(value: string): number {
    const count = Number(value);
    return Number(this.output.require(Number.isInteger(count) && count >= 1 && count <= 290, value, '--municipalities must be a whole number from 1 to 290'));
  }
}
