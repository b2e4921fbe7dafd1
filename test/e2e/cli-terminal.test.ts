/**
 * apply on an interactive terminal: a pseudo-terminal (util-linux `script`) stands in for the user, answers
 * the confirmation prompt, and sees the progress bar.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempProject } from '../helpers/cli.js';

const haveScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

function applyOnTerminal(cwd: string, answer: string): Promise<{ code: number; screen: string }> {
  return new Promise((resolve, reject) => {
    const cmd = `${process.execPath} ${path.join(REPO_ROOT, 'bin/topicops.js')} apply`;
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let answered = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer from apply on a terminal:\n${screen}`));
    }, 45_000);
    child.stdout.on('data', (d) => {
      screen += d;
      if (!answered && screen.includes('Enter a value:')) {
        answered = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen });
    });
  });
}

describe.skipIf(!haveScript)('apply on a terminal', () => {
  let project: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    project = await tempProject();
  });
  afterEach(async () => {
    await project.cleanup();
  });

  it('changes nothing unless the answer is exactly "yes"', async () => {
    const res = await applyOnTerminal(project.dir, 'y');
    expect(res.screen).toContain('Do you want to perform these actions?');
    expect(res.screen).toContain('Apply cancelled; nothing was changed.');
    expect(res.code).toBe(1);
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir });
    expect(plan.code).toBe(2);
  });

  it('applies after "yes" and draws a progress bar', async () => {
    const res = await applyOnTerminal(project.dir, 'yes');
    expect(res.code).toBe(0);
    expect(res.screen).toMatch(/Applying \[[^\]]*\] \d+\/6/);
    expect(res.screen).toContain('Apply complete: 6 created');
    // pino's JSON lines are for non-terminals: none on the screen.
    expect(res.screen).not.toContain('"level"');
  });
});
