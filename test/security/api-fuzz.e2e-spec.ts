import fc from 'fast-check';
import type { Role } from '../../src/common/auth/actor';
import { User } from '../../src/modules/identity/users/user.entity';
import { buildFollowUpFixture, FollowUpFixture } from '../follow-up/follow-up-fixture';
import { makeMunicipality, makeUser } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { Access, Caller, mayCall, ROUTE_ACCESS } from './route-access';

/**
 * Property-based fuzzing of every operation in the OpenAPI document: path ids, query parameters
 * and bodies generated from the documented schemas, mixed with hostile values (null, NUL, huge
 * numbers, deep nesting, prototype keys, broken JSON, other municipalities' ids), sent with a
 * valid token of each role, of another municipality's admin, and with none. For every request:
 * no 5xx, no 2xx for a caller without the right (or with another municipality's id in the path),
 * and no row changed by a request that failed.
 *
 * Seeded (FUZZ_SEED, default below) and bounded: each operation gets FUZZ_RUNS requests, or
 * fewer if its share of FUZZ_BUDGET_MS runs out first. A failure prints the seed and the request.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20841214);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 30);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000);

type CallerName = 'none' | Role | 'foreignAdmin';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  example?: unknown;
  allOf?: Schema[];
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: Parameter[];
  bodySchema?: Schema;
  contentTypes: string[];
}

interface FuzzRequest {
  caller: CallerName;
  pathValues: Record<string, string>;
  query: [string, string][];
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string };
}

/** What a careless or hostile client sends most: values the database would refuse unchecked. */
const SPECIAL_VALUES: unknown[] = [null, 'a\u0000b', 1e20];

/** Other values no request should be able to turn into a 5xx. */
const HOSTILE_VALUES: unknown[] = [
  '', ' ', '\u0000', -1e20, 2 ** 31, 'x'.repeat(5000), '💥🇸🇪', "'; DROP TABLE app_user; --", '../../etc/passwd', '%00',
  0, -1, 1.5, 2 ** 53 + 1, true, false, [], {}, [null], { __lol: 1 },
  '2026-02-30', '9999-12-31', '0000-00-00', '1e20', 'NaN', 'true', '00000000-0000-0000-0000-000000000000',
];

const RAW_BODIES: string[] = [
  '['.repeat(10_000) + ']'.repeat(10_000),
  '{"a":' + '{"a":'.repeat(50) + '1' + '}'.repeat(51),
  '{"__proto__":{"role":"admin"}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"title": oops}',
  '{',
  'null',
  '"just a string"',
  '12',
  '\u0000',
];

describe('API fuzz (property-based, from the OpenAPI document)', () => {
  let t: TestApp;
  let us: FollowUpFixture;
  let users: Record<Exclude<CallerName, 'none'>, User>;
  let operations: Operation[];
  let components: Record<string, Schema>;
  let ourIds: string[];
  let foreignIds: string[];
  let idsByResource: Record<string, string[]>;
  let tables: string[];
  const deadline = { at: 0 };

  /** A digest of every row of every table, to prove a failed request changed nothing. */
  async function fingerprint(): Promise<string> {
    const parts = tables.map((table) => `SELECT '${table}' AS t, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM "${table}" x`);
    const rows = await t.dataSource.query<{ t: string; h: string }[]>(parts.join(' UNION ALL '));
    return rows.map((row) => `${row.t}:${row.h}`).join(',');
  }

  function resolve(schema: Schema | undefined): Schema | undefined {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(components[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  }

  /** The ids of our municipality's rows of the kind the path names (`/api/findings/{id}`: findings). */
  function idsOfResource(path: string): string[] {
    const resource = path.split('/')[2];
    return idsByResource[resource] ?? ourIds;
  }

  const idLike = () => fc.oneof(fc.constantFrom(...ourIds), fc.constantFrom(...foreignIds), fc.uuid());

  const hostileValue = () =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_VALUES) },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );

  /** A value the schema describes: its example, its enum, an id of ours or theirs, a date, a number in range. */
  function fittingValue(schemaRef: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(schemaRef);
    if (!schema || depth > 3) return hostileValue();
    const options: fc.Arbitrary<unknown>[] = [];
    if (schema.example !== undefined) options.push(fc.constant(schema.example));
    if (schema.enum) options.push(fc.constantFrom(...schema.enum));
    else if (schema.type === 'string' && schema.format === 'uuid') options.push(idLike());
    else if (schema.type === 'string') {
      options.push(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
        fc.constantFrom('2.3', '1.1', '8.4', 'kommunkompassen-2010', '2084', '2026-W48', 'on_track', 'Åtgärd'),
      );
    } else if (schema.type === 'integer' || schema.type === 'number') {
      const min = schema.minimum ?? 0;
      options.push(fc.integer({ min, max: min + 5 }), fc.integer({ min, max: schema.maximum ?? 1000 }));
    } else if (schema.type === 'boolean') options.push(fc.boolean());
    else if (schema.type === 'array') options.push(fc.array(fittingValue(schema.items, depth + 1), { minLength: 1, maxLength: 3 }));
    else if (schema.properties) {
      const entries = Object.entries(schema.properties).map(([name, inner]) => [name, fittingValue(inner, depth + 1)] as const);
      options.push(fc.record(Object.fromEntries(entries), { requiredKeys: schema.required ?? [] }));
    }
    return options.length > 0 ? fc.oneof(...options) : hostileValue();
  }

  /** Mostly a fitting value, sometimes a hostile one. */
  function valueFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
    return fc.oneof({ weight: 3, arbitrary: fittingValue(schema) }, { weight: 2, arbitrary: hostileValue() });
  }

  /**
   * A body that fits the schema but for one field, which gets a hostile value: the requests that
   * reach deepest (past validation of the rest) with the values most likely to break something.
   */
  function bodyWithOneBadField(schemaRef: Schema): fc.Arbitrary<unknown> {
    const schema = resolve(schemaRef);
    const fields = Object.keys(schema?.properties ?? {});
    if (!schema || fields.length === 0) return valueFor(schemaRef);
    return fc
      .tuple(fittingValue(schema), fc.constantFrom(...fields), hostileValue())
      .map(([body, field, bad]) => ({ ...(body as Record<string, unknown>), [field]: bad }));
  }

  /** Query values travel as text: a fitting value as it would be written, or something worse. */
  function queryValue(schema: Schema | undefined): fc.Arbitrary<string> {
    return valueFor(schema).map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? ''));
  }

  function requestFor(operation: Operation): fc.Arbitrary<FuzzRequest> {
    const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
    const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
    const pathValues = fc.record(
      Object.fromEntries(
        pathParameters.map((parameter) => [
          parameter.name,
          parameter.name === 'id'
            ? fc.oneof(
                { weight: 6, arbitrary: fc.constantFrom(...idsOfResource(operation.path)) },
                { weight: 1, arbitrary: fc.constantFrom(...foreignIds) },
                { weight: 1, arbitrary: fc.uuid() },
                { weight: 1, arbitrary: fc.constantFrom('not-a-uuid', '1', '%00', '..', 'null') },
              )
            : fc.oneof(fc.constantFrom('kommunkompassen-2010'), fc.string({ maxLength: 20 })),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, string>>;
    const query: fc.Arbitrary<[string, string][]> = fc
      .subarray(queryParameters)
      .chain((chosen) =>
        fc.tuple(...chosen.map((parameter) => fc.array(queryValue(parameter.schema).map((value): [string, string] => [parameter.name, value]), { minLength: 1, maxLength: 2 }))),
      )
      .map((lists: [string, string][][]) => lists.flat());
    const bodies: fc.WeightedArbitrary<FuzzRequest['body']>[] = [{ weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) }];
    if (operation.bodySchema) {
      const json = (arbitrary: fc.Arbitrary<unknown>) => arbitrary.map((value) => ({ kind: 'json' as const, value }));
      bodies.push(
        { weight: 2, arbitrary: json(fittingValue(operation.bodySchema)) },
        { weight: 5, arbitrary: json(bodyWithOneBadField(operation.bodySchema)) },
        { weight: 1, arbitrary: json(valueFor(operation.bodySchema).map((value) => ({ ...(value as object), unexpected: 'field' }))) },
        { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((text) => ({ kind: 'raw' as const, contentType: 'application/json', text })) },
        { weight: 1, arbitrary: json(fc.jsonValue({ maxDepth: 3 })) },
      );
    }
    if (operation.contentTypes.includes('text/plain')) {
      bodies.push({
        weight: 2,
        arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('\u0000\u0000', 'Område 1\n• x')).map((text) => ({ kind: 'raw' as const, contentType: 'text/plain', text })),
      });
    }
    // Callers who pass the role check reach deepest, so they are drawn twice as often.
    const caller = fc.oneof({ weight: 1, arbitrary: fc.constantFrom<CallerName>('none', 'viewer', 'owner', 'foreignAdmin') }, { weight: 1, arbitrary: fc.constantFrom<CallerName>('manager', 'admin') });
    return fc.record({ caller, pathValues, query, body: fc.oneof(...bodies) });
  }

  function callerOf(name: CallerName): Caller | null {
    if (name === 'none') return null;
    const user = users[name];
    return { userId: user.id, municipalityId: user.municipalityId, role: user.role };
  }

  async function ownsPathTarget(access: Access, caller: Caller | null, id: string | undefined): Promise<boolean> {
    if (!caller || !id || access.who === 'anyone') return false;
    if (access.selfOrOwn === 'self') return id === caller.userId;
    if (access.selfOrOwn === 'ownPlan') {
      const rows = await t.dataSource.query<unknown[]>('SELECT 1 FROM action_plan WHERE id::text = $1 AND owner_id = $2', [id, caller.userId]);
      return rows.length > 0;
    }
    return false;
  }

  beforeAll(async () => {
    // No queue workers: nothing may write rows in the background between two requests.
    t = await createTestApp({ PROCESS_ROLE: 'api' });
    us = await buildFollowUpFixture(t);
    const admin = await makeUser(t.dataSource, us.municipality, 'admin');
    const elsewhere = await makeMunicipality(t.dataSource);
    const foreignAdmin = await makeUser(t.dataSource, elsewhere, 'admin');
    users = { viewer: us.viewer, owner: us.owner, manager: us.manager, admin, foreignAdmin };

    const foreignAuth = { Authorization: `Bearer ${t.tokenFor(foreignAdmin)}` };
    const foreignEvaluation = (await t.http.post('/api/evaluations').set(foreignAuth).send({ frameworkKey: 'kommunkompassen-2010', title: 'Deras', conductedOn: '2016-01-01' }).expect(201)).body;
    const foreignFinding = (await t.http.post(`/api/evaluations/${foreignEvaluation.id}/findings`).set(foreignAuth).send({ areaNumber: 1, kind: 'weakness', text: 'Deras svaghet' }).expect(201)).body;
    const foreignPlan = (await t.http.post('/api/action-plans').set(foreignAuth).send({ title: 'Deras åtgärd', ownerId: foreignAdmin.id, dueDate: '2027-01-01', findingIds: [foreignFinding.id] }).expect(201)).body;
    foreignIds = [elsewhere.id, foreignAdmin.id, foreignEvaluation.id, foreignFinding.id, foreignPlan.id];
    const ourUsers = Object.values(users).filter((user) => user !== foreignAdmin);
    const reference = (
      await t.http.post(`/api/evaluations/${us.before}/references`).set({ Authorization: `Bearer ${t.tokenFor(us.manager)}` }).send({ areaNumber: 2, municipalityCode: '1880', sentence: 'Örebro är ett gott exempel.' }).expect(201)
    ).body as { id: string };
    idsByResource = {
      users: ourUsers.map((user) => user.id),
      evaluations: [us.before, us.after],
      findings: Object.values(us.findings),
      'action-plans': Object.values(us.plans),
      references: [reference.id],
    };
    ourIds = [reference.id, us.municipality.id, us.before, us.after, ...Object.values(us.findings), ...Object.values(us.plans), ...ourUsers.map((user) => user.id)];

    const document = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    };
    components = document.components.schemas;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation['method'],
        path,
        parameters: operation.parameters ?? [],
        bodySchema: operation.requestBody?.content['application/json']?.schema,
        contentTypes: Object.keys(operation.requestBody?.content ?? {}),
      })),
    );
    tables = (
      await t.dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
      )
    ).map((row) => row.table_name);
    deadline.at = Date.now() + BUDGET_MS;
  }, 120_000);

  afterAll(() => t.close());

  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.map((operation) => operation.key).filter((key) => !ROUTE_ACCESS[key])).toEqual([]);
  });

  it('answers every generated request without a 5xx, without a 2xx for a caller without the right, and changes nothing when it refuses', async () => {
    const violations: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;
    for (const [index, operation] of operations.entries()) {
      const access = ROUTE_ACCESS[operation.key];
      const share = Math.max(200, (deadline.at - Date.now()) / (operations.length - index));
      // The operation's requests, drawn from its seed; each operation gets its share of the time budget
      // (at least three requests), so a slow machine runs fewer, never none.
      const started = Date.now();
      for (const [run, request] of fc.sample(requestFor(operation), { seed: SEED + index, numRuns: RUNS_PER_OPERATION }).entries()) {
        if (run >= 3 && Date.now() - started > share) break;
        const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(request.pathValues[name] ?? ''));
        const search = new URLSearchParams(request.query).toString();
        const url = search ? `${path}?${search}` : path;
        const caller = callerOf(request.caller);
        const before = await fingerprint();
        let call = t.http[operation.method](url);
        if (caller) call = call.set('Authorization', `Bearer ${t.tokenFor(users[request.caller as Exclude<CallerName, 'none'>])}`);
        if (request.body.kind === 'json') call = call.set('Content-Type', 'application/json').send(JSON.stringify(request.body.value));
        else if (request.body.kind === 'raw') call = call.set('Content-Type', request.body.contentType).send(request.body.text);
        const response = await call;
        const status = response.status;
        requests++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const describe = () => `${operation.method.toUpperCase()} ${url.slice(0, 300)} as ${request.caller} with ${JSON.stringify(request.body).slice(0, 300)} → ${status} ${response.text.slice(0, 300)}`;

        if (status >= 500) violations.push(`5xx [${operation.key}]: ${describe()}`);
        if (status >= 200 && status < 300) {
          const id = request.pathValues.id;
          if (!mayCall(access, caller, await ownsPathTarget(access, caller, id))) violations.push(`2xx without the right [${operation.key}]: ${describe()}`);
          const foreignToCaller = caller && id && (caller.municipalityId === us.municipality.id ? foreignIds : ourIds).includes(id);
          if (foreignToCaller) violations.push(`2xx with another municipality's id [${operation.key}]: ${describe()}`);
        }
        if (status >= 400 && (await fingerprint()) !== before) violations.push(`rows changed by a failed request [${operation.key}]: ${describe()}`);
      }
    }
    // At most three lines per kind of violation and operation (the same bug tends to show many times).
    const shown = new Map<string, number>();
    const distinct = violations.filter((violation) => {
      const kind = violation.slice(0, violation.indexOf(']:'));
      shown.set(kind, (shown.get(kind) ?? 0) + 1);
      return (shown.get(kind) ?? 0) <= 3;
    });
    console.log(`API fuzz: ${requests} requests, seed ${SEED}; answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(distinct).toEqual([]);
  }, 180_000);
});
