// report.html and the class overview rendered by a real headless Chromium
// (Debian's `chromium`, driven by playwright-core): the SVG bars and the table
// rows are really drawn, the class page's links open a submission's report, and
// a screenshot of each page is saved in the test's temp folder ($TMPDIR/kit-browser/). Learners never
// need a browser: without chromium this test is skipped with a message, except
// on CI (CI set), where a missing browser is a failure (.ci/run installs it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { writeClassOverview, type ClassEntry } from '../../tools/report/class-overview';
import { toHtml } from '../../tools/report/html';
import { gradedExercise, gradeRun } from '../../tools/results';
import { timelineRun } from './sample-timeline-run';

const CHROMIUM = process.env.KIT_CHROMIUM ?? '/usr/bin/chromium';
const present = fs.existsSync(CHROMIUM);
const MISSING = `Debian chromium is not installed at ${CHROMIUM} (apt-get install -y chromium; or set KIT_CHROMIUM)`;

if (!present && !process.env.CI) {
  console.warn(`Skipping the browser test of the HTML reports: ${MISSING}.`);
  test.skip(`browser render of report.html and index.html: skipped, ${MISSING}`, () => undefined);
} else {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!present) throw new Error(`CI is set and ${MISSING}. .ci/run installs it before npm run verify.`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    // One fixed folder, emptied each run: the latest screenshots are always at $TMPDIR/kit-browser/.
    dir = path.join(os.tmpdir(), 'kit-browser');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('report.html: score, every check row, SVG bars of the timeline, no learner markup', async () => {
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, toHtml(timelineRun));
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('p.score').innerText()).toBe('Points 5/12');
    expect(await page.locator('section.exercise').count()).toBe(3);
    expect(await page.locator('tr.check').count()).toBe(3);
    const bars = page.locator('svg.gantt rect.bar');
    expect(await bars.count()).toBe(4);
    // drawn for real: every bar has a box on screen, and the failed bar of "b" starts where "a" ends
    const boxes = await Promise.all([0, 1, 2, 3].map((i) => bars.nth(i).boundingBox()));
    for (const box of boxes) expect(box!.width).toBeGreaterThan(0);
    expect(boxes[1]!.x).toBeCloseTo(boxes[0]!.x + boxes[0]!.width, 0);
    expect(await page.locator('svg.gantt text.heading').allTextContents()).toEqual(['Yours', 'Expected']);
    expect(await page.locator('img').count()).toBe(0); // the learner's <img onerror> stayed text
    expect(await page.locator('.notices li').count()).toBe(2);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.screenshot({ path: path.join(dir, 'report.png'), fullPage: true });
    expect(fs.statSync(path.join(dir, 'report.png')).size).toBeGreaterThan(1000);
  }, 60_000);

  test('index.html: heat map rows and cells, shares sorted, a cell opens that submission\'s report', async () => {
    const ex = { id: '02', slug: '02-demo', title: 'Demo 02', points: 3 };
    const entries: ClassEntry[] = ['alice', 'bob', 'carol'].map((name, i) => ({
      name,
      run: gradeRun(name, [gradedExercise(ex, [{ name: 'overlap', points: 2, score: i === 0 ? 2 : 0, passed: i === 0, message: '' }, { name: 'order', points: 1, score: 1, passed: true, message: '' }], 1)]),
    }));
    const all = path.join(dir, 'all');
    for (const { name, run } of entries) {
      fs.mkdirSync(path.join(all, name), { recursive: true });
      fs.writeFileSync(path.join(all, name, 'report.html'), toHtml(run!));
    }
    const index = writeClassOverview(entries, all);
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    await page.goto(pathToFileURL(index).href);
    expect(await page.locator('tr.submission').count()).toBe(3);
    expect(await page.locator('td.cell a').allInnerTexts()).toEqual(['3/3', '1/3', '1/3']);
    expect(await page.locator('tr.check-share td:last-child').allInnerTexts()).toEqual(['overlap', 'order']);
    await page.screenshot({ path: path.join(dir, 'class.png'), fullPage: true });
    await page.locator('td.cell a').nth(1).click();
    await page.waitForURL(/bob\/report\.html#ex-02$/);
    expect(await page.locator('p.target').innerText()).toBe('Target: bob');
  }, 60_000);
}
