import { readFile } from 'node:fs/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { MunicipalitiesService } from '../modules/identity/municipalities/municipalities.service';
import { ReportImportService } from '../modules/evaluations/report-import/report-import.service';
import { CliError, CliOutput } from './cli-output';

interface Options {
  municipality: string;
  publish?: boolean;
  dryRun?: boolean;
  allowDuplicate?: boolean;
}

@Command({
  name: 'import-report',
  arguments: '<file>',
  description: 'Import a KommunKompassen report (PDF, Word .docx or text in UTF-8, UTF-16, Windows-1252 or ISO-8859-1) as a new evaluation of the municipality',
})
export class ImportReportCommand extends CommandRunner {
  constructor(
    private readonly municipalities: MunicipalitiesService,
    private readonly reportImport: ReportImportService,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([file]: string[], options: Options): Promise<void> {
    await this.output.run(async () => {
      const municipality = await this.municipalities.findByCode(options.municipality);
      if (!municipality) throw new CliError(`Municipality ${options.municipality} does not exist yet: run create-municipality --code ${options.municipality}`);
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      });
      const { evaluation, warnings, file: found } = await this.reportImport.import(
        { municipalityId: municipality.id, userId: null },
        { bytes },
        { publish: options.publish, dryRun: options.dryRun, allowDuplicate: options.allowDuplicate },
      );
      const findings = evaluation.areas.flatMap((area) => Object.values(area.findings).flat()).length;
      const lines = [
        `${options.dryRun ? 'Would import' : 'Imported'} "${evaluation.title}" (${evaluation.status}${options.dryRun ? '' : `, id ${evaluation.id}`})`,
        `  read as ${found.format === 'text' ? `text in ${found.encoding}` : found.format === 'pdf' ? 'PDF' : 'Word document'}`,
        `  ${evaluation.total.achievedPoints} of ${evaluation.total.maxPoints} points, ${findings} findings, ${evaluation.areas.flatMap((area) => area.references).length} references`,
        ...warnings.map((warning) => `  warning: ${warning.message}`),
      ];
      return lines.join('\n');
    });
  }

  @Option({ flags: '--municipality <code>', description: "The municipality's SCB code", required: true })
  parseMunicipality(value: string): string {
    return this.output.require(/^\d{4}$/.test(value), value, '--municipality must be a four-digit code, e.g. 2084');
  }

  @Option({ flags: '--publish', description: 'Publish the evaluation at once (default: a draft)' })
  parsePublish(): boolean {
    return true;
  }

  @Option({ flags: '--dry-run', description: 'Parse and report without saving' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--allow-duplicate', description: 'Import even if the municipality has an evaluation of the same date' })
  parseAllowDuplicate(): boolean {
    return true;
  }
}
