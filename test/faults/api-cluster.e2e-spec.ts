import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { DataSource } from 'typeorm';
import { eventually } from '../utils/smtp-sink';
import { TEST_PASSWORD, makeMunicipality, makeUser } from '../utils/factories';
import { type AppProcess, login, startApp, stopAll } from './app-processes';
import { openDatabase } from './fault-fixture';

jest.setTimeout(120_000);

/** The API processes the supervisor forked. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Which of `pids` holds the server end of the connection from 127.0.0.1:`clientPort` to `serverPort`. */
function serverPidOf(serverPort: number, clientPort: number, pids: number[]): number | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  let inode: string | undefined;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      if (fields[1].endsWith(`:${hex(serverPort)}`) && fields[2].endsWith(`:${hex(clientPort)}`)) inode = fields[9];
    }
  }
  if (!inode) return undefined;
  for (const pid of pids) {
    try {
      if (readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' }) === `socket:[${inode}]`)) return pid;
    } catch {
      // gone
    }
  }
  return undefined;
}

interface Outcome {
  clientPort: number | undefined;
  startedAt: number;
  endedAt: number;
  status?: number;
  error?: string;
}

/** One GET over the agent's one keep-alive connection; the client port tells the connection. */
function get(agent: Agent, url: string, path: string, token: string): Promise<Outcome> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    let clientPort: number | undefined;
    const req = request(`${url}${path}`, { agent, headers: { authorization: `Bearer ${token}` }, timeout: 15_000 }, (response) => {
      clientPort = response.socket.localPort;
      response.resume();
      response.on('end', () => resolve({ clientPort, startedAt, endedAt: Date.now(), status: response.statusCode }));
      response.on('error', (error) => resolve({ clientPort, startedAt, endedAt: Date.now(), error: error.message }));
    });
    req.on('socket', (socket) => {
      const remember = () => (clientPort = socket.localPort);
      if (socket.localPort) remember();
      else socket.once('connect', remember);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ clientPort, startedAt, endedAt: Date.now(), error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end();
  });
}

/**
 * The API process among `pids` that answers a request on a new connection, while the connection
 * is still open (the supervisor hands each new connection to a process that is listening).
 */
async function answeringPid(url: string, port: number, pids: number[], token: string): Promise<number | undefined> {
  const probe = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const outcome = await get(probe, url, '/api/health', token);
    if (outcome.status === undefined || outcome.status >= 500 || outcome.clientPort === undefined) return undefined;
    return serverPidOf(port, outcome.clientPort, pids);
  } finally {
    probe.destroy();
  }
}

describe('WEB_CONCURRENCY: API processes under a supervisor', () => {
  let database: { url: string; dataSource: DataSource };
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    database = await openDatabase();
  });

  afterAll(async () => {
    await stopAll(apps);
    await database.dataSource.destroy();
  });

  it('serves from two processes; kill -9 of one leaves the requests on the other unharmed, and the supervisor starts a replacement', async () => {
    const municipality = await makeMunicipality(database.dataSource);
    const manager = await makeUser(database.dataSource, municipality, 'manager');
    const app = await startApp('api', { DATABASE_URL: database.url, REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}_cluster`, WEB_CONCURRENCY: '2' });
    apps.push(app);
    const port = Number(new URL(app.url).port);
    await eventually(() => Promise.resolve(childrenOf(app.pid).length === 2), 30_000, 'two API processes');
    const token = await login(app, manager.email, TEST_PASSWORD);
    // Both processes listen before the clients connect: a connection opened while the second one
    // is still starting goes to the first, and a keep-alive client would stay there.
    const answered = new Set<number>();
    await eventually(
      async () => {
        const pid = await answeringPid(app.url, port, childrenOf(app.pid), token);
        if (pid) answered.add(pid);
        return answered.size === 2;
      },
      30_000,
      'both API processes answering',
    );

    // Eight clients, one keep-alive connection each, asking without pause.
    const outcomes: Outcome[] = [];
    let running = true;
    const agents = Array.from({ length: 8 }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
    const clients = agents.map(async (agent) => {
      while (running) {
        const outcome = await get(agent, app.url, '/api/action-plans?limit=5', token);
        outcomes.push(outcome);
        if (outcome.error) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });

    // Both processes hold some of the connections.
    const owner = new Map<number, number>();
    await eventually(
      () => {
        for (const agent of agents) {
          for (const sockets of Object.values(agent.freeSockets).concat(Object.values(agent.sockets))) {
            for (const socket of sockets ?? []) {
              const pid = socket.localPort ? serverPidOf(port, socket.localPort, childrenOf(app.pid)) : undefined;
              if (pid && socket.localPort) owner.set(socket.localPort, pid);
            }
          }
        }
        return Promise.resolve(new Set(owner.values()).size === 2);
      },
      30_000,
      'connections on both API processes',
    );
    const [victim, survivor] = childrenOf(app.pid);
    const survivorPorts = new Set([...owner].filter(([, pid]) => pid === survivor).map(([clientPort]) => clientPort));
    const victimPorts = new Set([...owner].filter(([, pid]) => pid === victim).map(([clientPort]) => clientPort));
    expect(survivorPorts.size).toBeGreaterThan(0);
    expect(victimPorts.size).toBeGreaterThan(0);

    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    // A replacement is forked and serves; meanwhile the clients go on.
    await eventually(() => Promise.resolve(childrenOf(app.pid).some((pid) => pid !== survivor && pid !== victim)), 30_000, 'a replacement API process');
    const replacement = childrenOf(app.pid).find((pid) => pid !== survivor && pid !== victim)!;
    await eventually(
      async () => (await answeringPid(app.url, port, [replacement], token)) === replacement,
      60_000,
      'the replacement answering',
    );
    running = false;
    await Promise.all(clients);
    for (const agent of agents) agent.destroy();

    // On the surviving process's connections: every request answered 200, those in flight at the kill too.
    const onSurvivor = outcomes.filter((outcome) => outcome.clientPort !== undefined && survivorPorts.has(outcome.clientPort));
    expect(onSurvivor.filter((outcome) => outcome.status !== 200)).toEqual([]);
    expect(onSurvivor.filter((outcome) => outcome.startedAt <= killedAt && outcome.endedAt >= killedAt).length).toBeGreaterThan(0);
    expect(onSurvivor.filter((outcome) => outcome.startedAt > killedAt).length).toBeGreaterThan(0);
    // Nothing anywhere answered 5xx: the killed process's connections broke, no request got an error reply.
    expect(outcomes.filter((outcome) => outcome.status !== undefined && outcome.status >= 500)).toEqual([]);
    // The supervisor is still there, with two API processes, and said what happened.
    expect(childrenOf(app.pid).sort()).toEqual([survivor, replacement].sort());
    expect(app.output()).toContain('An API process exited; starting another');
  });
});
