// Lint: typescript-eslint's recommended rules plus Nx module boundaries. The tags in each
// project.json say what may import what (docs/conventions.md, "Tags"):
//   type:app       → domain, data, contracts, util libs (never another app)
//   type:domain    → domain, contracts only, and no framework or I/O package at all
//   type:contracts → contracts only (zod is its one dependency)
//   type:data      → data, contracts
//   type:util      → util, contracts, domain
//   type:e2e       → anything it tests (it runs the built apps)
//   type:testing   → libs/testing; only specs, the e2e project and tools may import it
//   scope:<service> → its own scope and scope:shared only (a lib used by one service
//                     carries that service's scope; one used by several is scope:shared)
//   scope:web      → the web app (apps/ops-web): contracts and pure shared libs, no server package
import nx from '@nx/eslint-plugin';
import { createRequire } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';

// The boundary rule reads the tags from Nx's cached project graph, and skips silently when
// there is none (a clean clone) or reads old tags when it is stale: build it before linting.
// Inside an Nx task (`npm run lint`) Nx has built it already. Without the daemon, so a lint
// starts no background process; Nx reuses what has not changed.
// The devkit is the boundary rule's own (a dependency of @nx/eslint-plugin, not of ours).
if (!process.env.NX_TASK_TARGET_PROJECT) {
  const { createProjectGraphAsync } = createRequire(import.meta.resolve('@nx/eslint-plugin'))('@nx/devkit');
  process.env.NX_DAEMON ??= 'false';
  await createProjectGraphAsync({ exitOnError: true });
}

const IO_PACKAGES = ['@nestjs/*', 'typeorm', 'pg', 'mqtt', 'nats', 'ioredis', 'socket.io', 'socket.io-client', 'bullmq', 'prom-client'];
/** What a browser bundle must never pull in: the servers' packages and Node's own modules. */
const SERVER_PACKAGES = ['@nestjs/*', 'typeorm', 'pg', 'mqtt', 'nats', 'ioredis', 'socket.io', 'bullmq', 'prom-client', 'argon2', 'pdfkit', 'node:*'];

/**
 * The boundaries between projects, from their tags. `testCode` is true for specs, the e2e
 * project and tools: only they may import `type:testing` (libs/testing starts processes,
 * opens test schemas and signs test tokens; none of that belongs in a running service).
 */
function moduleBoundaries({ testCode }) {
  const testing = testCode ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:data', 'type:contracts', 'type:util', ...testing] },
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', ...testing], bannedExternalImports: IO_PACKAGES },
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', ...testing], bannedExternalImports: IO_PACKAGES },
        { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:contracts', ...testing], bannedExternalImports: IO_PACKAGES },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:domain', ...testing] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['*'] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:ingest', 'scope:shared'] },
        { sourceTag: 'scope:registry', onlyDependOnLibsWithTags: ['scope:registry', 'scope:shared'] },
        { sourceTag: 'scope:realtime', onlyDependOnLibsWithTags: ['scope:realtime', 'scope:shared'] },
        { sourceTag: 'scope:incident', onlyDependOnLibsWithTags: ['scope:incident', 'scope:shared'] },
        { sourceTag: 'scope:coverage', onlyDependOnLibsWithTags: ['scope:coverage', 'scope:shared'] },
        { sourceTag: 'scope:sla', onlyDependOnLibsWithTags: ['scope:sla', 'scope:shared'] },
        { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
        { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: ['scope:simulator', 'scope:shared'] },
        { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
        { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'], bannedExternalImports: SERVER_PACKAGES },
      ],
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/*.html', 'apps/ops-web/vite.config.mts'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ testCode: false }),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // The web app: the rules of hooks (a hook called conditionally breaks React silently).
    files: ['apps/ops-web/**/*.tsx', 'apps/ops-web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Jest configs load the workspace preset by path; they are tooling, not project code.
    files: ['**/jest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Test code: specs beside the code, the e2e project and the tools (bench, lint test) may use libs/testing.
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.int-spec.ts', 'apps/platform-e2e/**/*.ts', 'tools/**/*.ts'],
    ignores: ['**/jest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ testCode: true }) },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/jest.config.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
];
