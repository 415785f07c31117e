// Opens an obsctl HTML report in headless Chromium (Debian's, driven by puppeteer-core) and
// checks what a reader would notice: no console error, no page error, no network request
// (the file itself is the only load), the verdict first, every chart drawn. Saves a screenshot.
//   node check_page.mjs PAGE.html SCREENSHOT.png [--expect-verdict "NAME: WORD"]
//        [--expect-counts "3 of 8 checks passed, ..."] [--min-bands N]
//        [--expect-card "TEXT"] (a message card whose text, as rendered, holds TEXT)
// With --expect-*, the heading and the counts as the browser renders them must be these.
import puppeteer from 'puppeteer-core';
import { pathToFileURL } from 'node:url';

const [page_file, screenshot, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const at = rest.indexOf(name);
  return at >= 0 ? rest[at + 1] : fallback;
};
const expect_verdict = option('--expect-verdict', null);
const expect_counts = option('--expect-counts', null);
const min_bands = Number(option('--min-bands', '4'));
const expect_card = option('--expect-card', null);
const url = pathToFileURL(page_file).href;
const problems = [];
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // No background networking: this machine's network is closed, and Chromium's own connections
  // (updates, sync, QUIC) slow its start. A loaded CI machine may take a while to start it.
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'],
  timeout: 120000,
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'networkidle0' });
  const seen = await page.evaluate(() => {
    const first = document.body.firstElementChild;
    const data = JSON.parse(document.getElementById('obsctl-data').textContent);
    return {
      first: first ? `${first.tagName.toLowerCase()}.${first.className}` : '',
      verdict: document.querySelector('header.verdict h1')?.textContent ?? '',
      counts: document.querySelector('header.verdict .counts')?.textContent ?? '',
      charts: document.querySelectorAll('svg.chart').length,
      lines: [...document.querySelectorAll('svg.chart path.line')].filter((p) => p.getTotalLength() > 50).length,
      bands: document.querySelectorAll('svg.band rect.state').length,
      drawn: [...document.querySelectorAll('svg.chart')].every((s) => s.getBoundingClientRect().height > 40),
      seconds: data.seconds.length,
      alerts: data.alerts.map((a) => a.alert),
      cards: [...document.querySelectorAll('article.card')]
        .filter((c) => c.getBoundingClientRect().height > 20).map((c) => c.innerText),
    };
  });
  console.log(JSON.stringify(seen));
  if (!seen.first.startsWith('header.verdict')) problems.push(`the page does not open with the verdict: ${seen.first}`);
  if (seen.charts < 5) problems.push(`only ${seen.charts} charts`);
  if (seen.lines < 5) problems.push(`only ${seen.lines} lines drawn`);
  if (seen.bands < min_bands) problems.push(`the alert bands have ${seen.bands} states`);
  if (expect_verdict !== null && seen.verdict !== expect_verdict)
    problems.push(`the heading says "${seen.verdict}", not "${expect_verdict}"`);
  if (expect_counts !== null && seen.counts !== expect_counts)
    problems.push(`the header counts "${seen.counts}", not "${expect_counts}"`);
  if (!seen.drawn) problems.push('a chart has no height');
  if (expect_card !== null && !seen.cards.some((c) => c.includes(expect_card)))
    problems.push(`no message card shows "${expect_card}" (${seen.cards.length} cards)`);
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
for (const p of problems) console.log(`problem: ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
