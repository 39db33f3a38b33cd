// Runs one CLI command inside this process (the compiled CLI, as bin/partnerlens.js does), then stays alive
// until killed: a test can then check what the finished command left behind while its process lives on,
// as a long-running service's would. Prints `cli-done <exit code>` when the command has finished.
// argv: <partnerlens arguments…>
process.argv = [process.argv[0], 'partnerlens', ...process.argv.slice(2)];
await import('../../dist/src/cli/main.js');
process.stdout.write(`cli-done ${process.exitCode ?? 0}\n`);
process.exitCode = 0;
setInterval(() => undefined, 60_000);
