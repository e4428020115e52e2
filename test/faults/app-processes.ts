import { transformFileSync } from '@swc/core';
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The same SWC settings as the Jest transform (jest.config.js). */
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript' as const, decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023' as const,
    keepClassNames: true,
  },
  module: { type: 'commonjs' as const },
  sourceMaps: false,
};

function compileTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name);
    if (statSync(source).isDirectory()) {
      compileTree(source, target);
    } else if (name.endsWith('.spec.ts')) {
      continue;
    } else {
      mkdirSync(dirname(target), { recursive: true });
      if (name.endsWith('.ts')) writeFileSync(target.replace(/\.ts$/, '.js'), transformFileSync(source, SWC_OPTIONS).code);
      else copyFileSync(source, target);
    }
  }
}

let built: string | undefined;

/**
 * The app compiled once per test run into `var/` (ignored by git), so child processes start in
 * about a second each. Inside the project, so node_modules and templates/ are found as usual.
 */
export function buildApp(): string {
  if (built) return built;
  const runId = (process.env.REDIS_KEY_PREFIX ?? `local_${process.pid}`).replace(/[^A-Za-z0-9_]/g, '_');
  const out = join(ROOT, 'var', 'fault-build', runId);
  if (!existsSync(join(out, 'done'))) {
    rmSync(join(ROOT, 'var', 'fault-build'), { recursive: true, force: true });
    compileTree(join(ROOT, 'src'), join(out, 'src'));
    compileTree(join(ROOT, 'migrations'), join(out, 'migrations'));
    writeFileSync(join(out, 'done'), '');
  }
  built = out;
  return out;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  readonly role: 'api' | 'worker' | 'all';
  readonly pid: number;
  /** `http://127.0.0.1:<port>` of an API process. */
  readonly url: string;
  /** Everything the process wrote, for the failure message of a test. */
  output(): string;
  /** The exit code, or the signal that ended the process. */
  readonly exited: Promise<number | NodeJS.Signals>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts `node dist/src/main.js` of the build as a child process with the test's environment.
 * An API process is returned once /api/health answers (any status).
 */
export async function startApp(role: AppProcess['role'], env: Record<string, string>): Promise<AppProcess> {
  const out = buildApp();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(out, 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', PROCESS_ROLE: role, PORT: String(port), DIGEST_TICK_PATTERN: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Also kept in a file, to read after a failed run.
  const logFile = join(out, 'logs', `${role}-${child.pid}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    appendFileSync(logFile, chunk);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => {
      appendFileSync(logFile, `\n[exited: ${code ?? signal}]\n`);
      resolve(code ?? signal!);
    }),
  );
  const app: AppProcess = {
    role,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  if (role !== 'worker') {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The ${role} process exited at start:\n${output}`);
      if (Date.now() > deadline) throw new Error(`The ${role} process did not answer within 30 s:\n${output}`);
      try {
        await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(2000) });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
  return app;
}

/** `kill -9`: the process gets no chance to finish anything. Fails unless SIGKILL is what ended it. */
export async function crash(app: AppProcess): Promise<void> {
  app.kill('SIGKILL');
  const ended = await app.exited;
  if (ended !== 'SIGKILL') throw new Error(`The ${app.role} process was to be killed with SIGKILL but ended with ${ended}`);
}

/** Stops what a test started, whatever state it is in. */
export async function stopAll(apps: AppProcess[]): Promise<void> {
  for (const app of apps) app.kill('SIGKILL');
  await Promise.all(apps.map((app) => app.exited));
}

/** A Redis server of the test's own, without persistence, on a free port. */
export async function startRedis(port?: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const chosen = port ?? (await freePort());
  const server = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(chosen, '127.0.0.1');
      socket.once('connect', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${chosen}`,
    port: chosen,
    stop: async () => {
      server.kill('SIGKILL');
      await exited;
    },
  };
}

export const relativeToRoot = (path: string) => relative(ROOT, path);

/** Runs a command of the built CLI (e.g. `seed-demo`) to its end. */
export async function runCli(args: string[], env: Record<string, string>): Promise<string> {
  const out = buildApp();
  const child = spawn(process.execPath, [join(out, 'src', 'cli.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`cli ${args.join(' ')} exited with ${code}:\n${output}`);
  return output;
}

/** A JSON request to an API process, bounded in time. */
export async function api(
  app: AppProcess,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body, ms: Date.now() - started };
}

export async function login(app: AppProcess, email: string, password: string): Promise<string> {
  const response = await api(app, 'POST', '/api/auth/login', { body: { email, password } });
  if (response.status !== 200 && response.status !== 201) throw new Error(`login of ${email}: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as { accessToken: string }).accessToken;
}
