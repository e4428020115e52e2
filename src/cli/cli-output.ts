import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';

/** A problem to show the person at the terminal, without a stack trace. */
export class CliError extends Error {}

/** Prints a command's result, or its error in words with exit code 1. */
@Injectable()
export class CliOutput {
  async run(work: () => Promise<string>): Promise<void> {
    try {
      process.stdout.write(`${await work()}\n`);
    } catch (error) {
      if (error instanceof CliError || error instanceof DomainError) {
        const details = error instanceof DomainError ? (error.details ?? []).map((detail) => `\n  ${detail.message}`).join('') : '';
        process.stderr.write(`Error: ${error.message}${details}\n`);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
  }

  /** For option parsers: the value when the check holds, else stop with the message. */
  require(ok: boolean, value: string, message: string): string {
    if (!ok) {
      process.stderr.write(`Error: ${message}\n`);
      process.exit(1);
    }
    return value;
  }
}
