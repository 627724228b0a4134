// The module boundaries in eslint.config.mjs, proved on imports a newcomer might write:
// each fixture is linted in memory as if it stood at a real path in a real project, so
// the project's tags decide (see docs/conventions.md, "What may import what").
import path from 'node:path';
import { execFileSync } from 'node:child_process';

interface Fixture {
  file: string;
  source: string;
}

const importing = (symbol: string, lib: string) => `import { ${symbol} } from '${lib}';\nexport const used = ${symbol};\n`;

const fixtures = {
  crossService: { file: 'apps/coverage/src/lint-fixture.ts', source: importing('incidentTitle', '@ioc/incidents') },
  ownLib: { file: 'apps/incident/src/lint-fixture.ts', source: importing('incidentTitle', '@ioc/incidents') },
  sharedLib: { file: 'apps/coverage/src/lint-fixture.ts', source: importing('natsSubjects', '@ioc/contracts') },
  testingInProduction: { file: 'apps/registry/src/lint-fixture.ts', source: importing('freePort', '@ioc/testing') },
  testingInLib: { file: 'libs/reports/src/lint-fixture.ts', source: importing('freePort', '@ioc/testing') },
  testingInSpec: { file: 'apps/registry/src/lint-fixture.spec.ts', source: importing('freePort', '@ioc/testing') },
  testingInE2e: { file: 'apps/platform-e2e/src/lint-fixture.int-spec.ts', source: importing('freePort', '@ioc/testing') },
  webImportsServerLib: { file: 'apps/ops-web/src/lint-fixture.ts', source: importing('reportCsvFiles', '@ioc/reports') },
  webImportsShared: { file: 'apps/ops-web/src/lint-fixture.ts', source: importing('DEVICE_STATUSES', '@ioc/contracts') },
} satisfies Record<string, Fixture>;

type FixtureName = keyof typeof fixtures;
let boundaryErrors: Record<FixtureName, string[]>;

beforeAll(() => {
  // One ESLint start for every fixture: loading the config and the project graph is the slow part.
  const names = Object.keys(fixtures) as FixtureName[];
  const output = execFileSync(process.execPath, [path.join(__dirname, 'lint-text.mjs')], {
    input: JSON.stringify(names.map((n) => fixtures[n])),
    encoding: 'utf8',
  });
  const results = JSON.parse(output.trim().split('\n').pop()!) as { messages: { ruleId: string | null; message: string }[] }[];
  boundaryErrors = Object.fromEntries(
    names.map((n, i) => [n, results[i]!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message)]),
  ) as Record<FixtureName, string[]>;
}, 60_000);

describe('module boundaries', () => {
  it("fails a service importing another service's lib", () => {
    expect(boundaryErrors.crossService).toEqual([expect.stringContaining('scope:coverage')]);
  });

  it('lets a service import its own lib and the shared ones', () => {
    expect(boundaryErrors.ownLib).toEqual([]);
    expect(boundaryErrors.sharedLib).toEqual([]);
  });

  it('fails production code importing libs/testing, in an app or a lib', () => {
    expect(boundaryErrors.testingInProduction).toEqual([expect.stringContaining('type:app')]);
    expect(boundaryErrors.testingInLib).toEqual([expect.stringContaining('type:util')]);
  });

  it('lets specs and the e2e project import libs/testing', () => {
    expect(boundaryErrors.testingInSpec).toEqual([]);
    expect(boundaryErrors.testingInE2e).toEqual([]);
  });

  it("fails the web app importing a service's lib, and lets it import the shared contracts", () => {
    expect(boundaryErrors.webImportsServerLib).toEqual([expect.stringContaining('scope:web')]);
    expect(boundaryErrors.webImportsShared).toEqual([]);
  });
});
