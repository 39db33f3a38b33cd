// `npm run bench`: measured figures, printed; nothing here asserts a speed. Each bench is a module with a
// `name` and a `run(options)` that prints its own table. `npm run bench -- ingest` runs only those named.
import { benches } from './benches.js';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const quick = process.argv.includes('--quick');
for (const bench of benches) {
  if (wanted.length && !wanted.includes(bench.name)) continue;
  process.stdout.write(`\n## ${bench.name}\n`);
  await bench.run({ quick });
}
