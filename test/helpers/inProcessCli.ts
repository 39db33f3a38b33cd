import { runCli } from '../../src/cli/runCli.js';

/** Runs a CLI command in this process through `runCli`, capturing what a user would see. */
export async function cliIn(cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    out: { write: (text: string) => (stdout += text) },
    err: { write: (text: string) => (stderr += text) },
    cwd,
    env: { PATH: process.env.PATH, PARTNERLENS_LOG_LEVEL: 'error', ...env },
  });
  return { code, stdout, stderr };
}
