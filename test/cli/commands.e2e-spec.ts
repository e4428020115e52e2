import { join } from 'node:path';
import { cli } from '../utils/cli';

describe('commands', () => {
  it('creates a municipality by SCB code, and refuses an unknown or repeated code', async () => {
    const created = await cli('create-municipality', '--code', '2084');
    expect(created).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('Created Avesta kommun (2084)') });
    expect(await cli('create-municipality', '--code', '2084')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('already exists') });
    expect(await cli('create-municipality', '--code', '9999')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('No municipality has the code 9999') });
    expect(await cli('create-municipality', '--code', 'Avesta')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('four digits') });
  });

  it('creates a user, and says what is wrong with a weak password, a bad role or a taken e-mail', async () => {
    const args = ['create-user', '--municipality', '2084', '--email', 'anna@avesta.example', '--name', 'Anna Admin', '--role', 'admin'];
    expect(await cli(...args, '--password', 'kort')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('at least 10 characters') });
    expect(await cli(...args.slice(0, -1), 'boss', '--password', 'Kompass-2084-demo')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('--role must be one of') });
    expect(await cli(...args, '--password', 'Kompass-2084-demo')).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('Created admin') });
    expect(await cli(...args, '--password', 'Kompass-2084-demo')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('already exists') });
    expect(await cli('create-user', '--municipality', '0114', '--email', 'x@y.se', '--name', 'X', '--role', 'viewer', '--password', 'Kompass-2084-demo')).toMatchObject({
      exitCode: 1,
      stderr: expect.stringContaining('run create-municipality --code 0114'),
    });
  });

  it('imports a report file, and names a file that cannot be read', async () => {
    const report = join(__dirname, '..', 'fixtures', 'reports', 'avesta-2014.txt');
    const imported = await cli('import-report', report, '--municipality', '2084', '--publish');
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toContain('published');
    expect(imported.stdout).toContain('404 of 800 points, 76 findings');
    expect(imported.stdout).toContain('warning: Area 6');
    expect(await cli('import-report', '/nonexistent/report.txt', '--municipality', '2084')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('no such file') });
    const novel = join(__dirname, '..', 'fixtures', 'reports', 'novel.txt');
    expect(await cli('import-report', novel, '--municipality', '2084')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('not a readable KommunKompassen report') });
  });

  it('imports the PDF and the Windows-1252 text, refusing a second import of the same date unless told to keep both', async () => {
    const file = (name: string) => join(__dirname, '..', 'fixtures', 'reports', name);
    const pdf = await cli('import-report', file('avesta-2014.pdf'), '--municipality', '2084', '--dry-run', '--allow-duplicate');
    expect(pdf).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('read as PDF') });
    expect(pdf.stdout).toContain('404 of 800 points, 76 findings');
    const latin = await cli('import-report', file('avesta-2014.windows-1252.txt'), '--municipality', '2084');
    expect(latin).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('is already an evaluation of') });
    const kept = await cli('import-report', file('avesta-2014.windows-1252.txt'), '--municipality', '2084', '--allow-duplicate');
    expect(kept).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('read as text in Windows-1252') });
    expect(kept.stdout).toContain('404 of 800 points, 76 findings');
  });

  it.each([
    ['create-municipality', ['--code <code>']],
    ['create-user', ['--municipality <code>', '--email <email>', '--name <name>', '--role <role>', '--password <password>']],
    ['import-report', ['--municipality <code>', '--publish', '--dry-run']],
    ['seed-demo', []],
    ['send-digests', ['--municipality <code>', '--kind <kind>']],
    ['email-preview', ['--out <folder>']],
    ['seed-bench', ['--municipalities <count>']],
  ])('explains %s with --help, naming its options', async (command, options) => {
    const help = await cli(command, '--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain(`Usage: cli ${command}`);
    for (const option of options) expect(help.stdout).toContain(option);
  });
});
