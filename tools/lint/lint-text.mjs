// Lints in-memory sources as if each stood at a given path, with the workspace's
// eslint.config.mjs, through ESLint's Node API (`lintText` with `filePath`). A separate
// process because ESLint loads its config with a dynamic import, which jest's module
// system refuses. stdin: [{ file, source }]; stdout, last line: [{ file, messages: [{ ruleId, message }] }].
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const fixtures = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const eslint = new ESLint({ cwd: repoRoot });
const results = [];
for (const { file, source } of fixtures) {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  results.push({ file, messages: result.messages.map(({ ruleId, message }) => ({ ruleId, message })) });
}
process.stdout.write('\n' + JSON.stringify(results) + '\n');
