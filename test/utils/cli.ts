import { CommandFactory } from 'nest-commander';
import { CliModule } from '../../src/cli/cli.module';
import { loadConfig } from '../../src/config';
import { databaseForThisFile } from '../setup/test-database';

/** Runs a command as `npm run cli -- …` would, in this process, and returns what it printed. */
export async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const config = loadConfig({ ...process.env, DATABASE_URL: await databaseForThisFile(), PROCESS_ROLE: 'api' });
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  // Option parsers stop the process on a bad value; here that ends the command instead.
  let exitedWith: number | undefined;
  const exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    exitedWith ??= code ?? 0;
    throw Object.assign(new Error('exit'), { exitCode: code ?? 0 });
  }) as never);
  const argv = process.argv;
  process.argv = ['node', 'cli.js', ...args];
  process.exitCode = 0;
  let exitCode: number;
  try {
    const app = await CommandFactory.runWithoutClosing(CliModule.forRoot(config), {
      logger: false,
      errorHandler: (error) => {
        throw Object.assign(error, { exitCode: 1 });
      },
    });
    await app.close();
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    exitCode = (error as { exitCode?: number }).exitCode ?? 1;
  } finally {
    process.argv = argv;
    process.exitCode = 0;
    stdout.mockRestore();
    stderr.mockRestore();
    exit.mockRestore();
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode: exitedWith ?? exitCode };
}
