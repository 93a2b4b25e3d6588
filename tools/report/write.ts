// Write every report of one grade run. The only reporter module that touches the disk.
import fs from 'node:fs';
import path from 'node:path';
import type { GradeRun } from '../results';
import { toClassroom } from './classroom';
import { toGradescope } from './gradescope';
import { toHtml } from './html';
import { toResultsJson } from './json';
import { toMarkdown } from './summary';

export function writeReports(run: GradeRun, outDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const files = {
    'results.json': toResultsJson(run),
    'classroom.json': toClassroom(run),
    'gradescope.json': toGradescope(run),
  };
  const written = Object.entries(files).map(([name, body]) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    return file;
  });
  const html = path.join(outDir, 'report.html');
  fs.writeFileSync(html, toHtml(run));
  written.push(html);
  if (env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(env.GITHUB_STEP_SUMMARY, toMarkdown(run));
    written.push(env.GITHUB_STEP_SUMMARY);
  }
  return written;
}
