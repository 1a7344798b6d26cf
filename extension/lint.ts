// `web-ext lint` (Mozilla's addons-linter) over a built extension directory, as a function so
// the build can fail on errors and tests can assert on the result.
import webExt from 'web-ext';

export interface LintMessage { code: string; message: string; description?: string; file?: string }
export interface LintResult { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] }

export async function lintExtension(sourceDir: string): Promise<LintResult> {
  const result = await webExt.cmd.lint(
    { sourceDir, output: 'none', selfHosted: false, boring: true, pretty: false, warningsAsErrors: false },
    { shouldExitProgram: false },
  ) as LintResult;
  return { errors: result.errors ?? [], warnings: result.warnings ?? [], notices: result.notices ?? [] };
}

export function formatLint(dir: string, r: LintResult): string {
  const lines = (kind: string, list: LintMessage[]) => list.map((m) => `  ${kind} ${m.code}${m.file ? ` (${m.file})` : ''}: ${m.message}`);
  return [`web-ext lint ${dir}: ${r.errors.length} errors, ${r.warnings.length} warnings`, ...lines('error', r.errors), ...lines('warning', r.warnings)].join('\n');
}
