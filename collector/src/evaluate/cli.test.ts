// `npm run evaluate`: the subcommands, and the one closing line other tools read.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const evaluate = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'collector/src/evaluate/cli.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('npm run evaluate', () => {
  it('journeys: per-seed and pooled tables, budgets, then exactly one closing line', () => {
    const r = evaluate('journeys', '--seeds', '1,2', '--people', '60');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^stage accuracy: \d{1,3}\.\d% \(previous rules: \d{1,3}\.\d%\)$/);
    expect(lines.filter((l) => l.startsWith('stage accuracy:'))).toHaveLength(1);
    expect(r.stdout).toMatch(/^seed 1: 60 people/m);
    expect(r.stdout).toMatch(/^seed 2: 60 people/m);
    expect(r.stdout).toMatch(/^all seeds \(1, 2\): 120 people/m);
    expect(r.stdout).toMatch(/^budgets: \d+ of 27 met$/m);
    expect(r.stdout).toMatch(/^ {2}(pass|FAIL) {2}identity/m);
  }, 60_000);

  it('compare: seeds spread over worker processes, then exactly one closing line', () => {
    const r = evaluate('compare', '--seeds', '3', '--people', '120', '--jobs', '2');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^flagged the change in [0-3] of 3 seeds; false flags \d{1,3}\.\d%$/);
    expect(r.stdout).toMatch(/^seeds: 3; cells compared per seed: \d+ \(Bonferroni/m);
    expect(r.stderr).toMatch(/compared 3\/3 seeds/);
  }, 120_000);

  it('compare: a bad option is refused with the usage', () => {
    const r = evaluate('compare', '--seeds', 'many');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/positive whole numbers[\s\S]*usage/);
  });

  it('attribution: a table per population (both exposure regimes), the budgets, then exactly one closing line', () => {
    const r = evaluate('attribution', '--seeds', '1', '--people', '150', '--jobs', '2');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^markov rank correlation -?\d\.\d\d \(last-touch -?\d\.\d\d, first-touch -?\d\.\d\d\)$/);
    expect(lines.filter((l) => l.startsWith('markov rank correlation'))).toHaveLength(1);
    expect(r.stdout).toMatch(/^equal exposure, seed 1: \d+ events/m);
    expect(r.stdout).toMatch(/^varied exposure, seed 1: \d+ events/m);
    expect(r.stdout).toMatch(/^ {2}true effect {4}\/reviews=/m);
    expect(r.stdout).toMatch(/^ {2}markov +-?\d\.\d\d {2}[0-5] of 5$/m);
    expect(r.stdout.match(/^ {2}budgets: markov ≥ 0\.80 (met|NOT met); ≥ last-touch \+ 0\.20 (met|NOT met); ≥ 4 of the true top 5 (met|NOT met)$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/^mean over 2 populations: /m);
    expect(r.stdout).toMatch(/^budget: markov ≥ 0\.80 on each population: (met|NOT met)/m);
    expect(r.stderr).toMatch(/2 populations of 150 people in \d+ s/);
  }, 180_000);

  it('attribution: one exposure regime on request; a bad one is refused with the usage', () => {
    const one = evaluate('attribution', '--seeds', '2', '--people', '100', '--exposure', 'varied');
    expect(one.status, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^varied exposure, seed 2:/m);
    expect(one.stdout).not.toMatch(/^equal exposure/m);
    const bad = evaluate('attribution', '--exposure', 'sometimes');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/equal, varied or both[\s\S]*usage/);
  }, 180_000);

  it('prediction: model and both baselines per population, budgets, then exactly one closing line', () => {
    const r = evaluate('prediction', '--seeds', '1', '--people', '1500');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^churn AUC [01]\.\d\d \(best baseline [01]\.\d\d\); next-stage AUC [01]\.\d\d \(best baseline [01]\.\d\d\)$/);
    expect(r.stdout).toMatch(/stage-transition rate/);
    expect(r.stdout).toMatch(/recency rule/);
    expect(r.stdout).toMatch(/^budgets: \d+ of \d+ met$/m);
  }, 180_000);

  it('an unknown evaluation names the ones there are', () => {
    const r = evaluate('nonsense');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/have: journeys, compare/);
  });
});
