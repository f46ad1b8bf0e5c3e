import { test, expect, Browser, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

const artifacts = path.join(__dirname, '..', 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });

/** Opens the Data screen, collecting console errors and uncaught exceptions. */
async function open(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/data');
  await expect(page.locator('table.districts tbody tr.district')).toHaveCount(8);
  return errors;
}

const districtNames = (page: Page) => page.locator('tr.district th.name').allInnerTexts();
const column = (page: Page, n: number) =>
  page.locator(`tr.district td:nth-of-type(${n})`).allInnerTexts();

test('loads in Vietnamese with the Thái Bình baseline and no console errors', async ({ page }) => {
  const errors = await open(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('GNBV Planner');
  await expect(page.getByRole('heading', { level: 2 }).first()).toContainText('Tỉnh Thái Bình');
  // Province summary, formatted the Vietnamese way, with the figures the engine computes.
  const cards = page.locator('dl.cards');
  await expect(cards).toContainText('620.149');
  await expect(cards).toContainText('19.597');
  await expect(cards).toContainText('3,16 %');
  await expect(cards).toContainText('1.860.447');
  await expect(cards).toContainText('286');
  await expect(cards).toContainText('264');
  // The note on illustrative figures, and the published mark on the census population.
  await expect(page.getByRole('note')).toContainText('minh họa');
  await expect(cards.locator('.prov-published')).toHaveCount(1);
  // 8 districts and, across them, 286 units.
  expect(await districtNames(page)).toContain('Huyện Quỳnh Phụ');
  const units = (await column(page, 1)).map(Number);
  expect(units.reduce((a, b) => a + b, 0)).toBe(286);
  await page.screenshot({ path: path.join(artifacts, 'shell-vi.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a district expands to its communes and collapses again, by keyboard too', async ({ page }) => {
  await open(page);
  const button = page.getByRole('button', { name: /Huyện Vũ Thư/ });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const body = page.locator('#communes-344');
  await expect(body.locator('tr.commune')).toHaveCount(30);
  await expect(body).toContainText('Thị trấn Vũ Thư');
  await expect(body.locator('tr.commune .ntm')).toHaveCount(29);
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(body.locator('tr.commune')).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(body.locator('tr.commune')).toHaveCount(30);
  await expect(button).toBeFocused();
});

test('sorts by a column, both ways, and keeps expanded communes in the same order', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: /Huyện Quỳnh Phụ/ }).click();
  const header = page.locator('thead th').filter({ hasText: 'Tỷ lệ hộ nghèo' });
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const parse = (s: string) => Number(s.replace(/[^\d,]/g, '').replace(',', '.'));
  const ascending = (await column(page, 5)).map(parse);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  expect((await districtNames(page))[0]).toBe('Huyện Đông Hưng');
  const communeRates = (await page.locator('#communes-338 tr.commune td:nth-of-type(5)').allInnerTexts()).map(parse);
  expect(communeRates.length).toBe(38);
  expect(communeRates).toEqual([...communeRates].sort((a, b) => a - b));
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const descending = (await column(page, 5)).map(parse);
  expect(descending).toEqual([...ascending].reverse());
  // Sorting by name follows the Vietnamese alphabet: Đ after D, before H.
  await page.locator('thead th').first().getByRole('button').click();
  expect((await districtNames(page))[0]).toBe('Huyện Đông Hưng');
  expect((await districtNames(page))[7]).toBe('Huyện Vũ Thư');
});

test('switches to English and back, and remembers the choice', async ({ page }) => {
  const errors = await open(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Thái Bình province: end-2018 baseline');
  const cards = page.locator('dl.cards');
  await expect(cards).toContainText('620,149');
  await expect(cards).toContainText('3.16 %');
  await expect(page.getByRole('note')).toContainText('illustrative');
  await expect(page.locator('table.districts thead')).toContainText('Poverty rate');
  await page.screenshot({ path: path.join(artifacts, 'shell-en.png'), fullPage: true });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(cards).toContainText('620,149');
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(cards).toContainText('620.149');
  expect(errors).toEqual([]);
});

test('is usable on a 360 px wide phone', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  await open(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0); // the table scrolls inside its own region
  await page.screenshot({ path: path.join(artifacts, 'shell-phone-vi.png'), fullPage: false });
  await page.close();
});

test('the server compresses, caches hashed files for good and sends a strict Content-Security-Policy', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const index = await request.get('/', { headers: { 'Accept-Encoding': 'gzip, br' } });
  const csp = index.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(index.headers()['cache-control']).toBe('no-cache');
  const html = await index.text();
  // Trunk's content hash is hex without leading zeros: up to 16 digits.
  const wasm = html.match(/gnbv-app-[0-9a-f]{1,16}_bg\.wasm/);
  expect(wasm).not.toBeNull();
  const w = await request.get(`/${wasm![0]}`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(w.headers()['content-encoding']).toBe('gzip');
  expect(w.headers()['cache-control']).toContain('immutable');
  expect(w.headers()['content-type']).toBe('application/wasm');
  // Brotli to a browser that takes it (the build's copy, smaller than gzip), nothing to one
  // that takes neither; all three are the same file once decoded.
  const br = await request.get(`/${wasm![0]}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
  expect(br.headers()['content-encoding']).toBe('br');
  expect(br.headers()['vary']).toBe('Accept-Encoding');
  expect(Number(br.headers()['content-length'])).toBeLessThan(Number(w.headers()['content-length']));
  const plain = await request.get(`/${wasm![0]}`, { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  const bytes = await plain.body();
  expect(bytes.length).toBe(Number(plain.headers()['content-length']));
  expect((await br.body()).equals(bytes)).toBe(true);
  expect((await w.body()).equals(bytes)).toBe(true);
  const refused = await request.get('/', { headers: { 'Accept-Encoding': 'br;q=0, gzip' } });
  expect(refused.headers()['content-encoding']).toBe('gzip');
  // A copy the browser holds is revalidated without a body.
  const etag = br.headers()['etag'];
  expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+-br"$/);
  const again = await request.get(`/${wasm![0]}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br', 'If-None-Match': etag } });
  expect(again.status()).toBe(304);
  expect((await again.body()).length).toBe(0);
  expect(again.headers()['cache-control']).toContain('immutable');
  // The app runs under the policy: no violation reaches the console.
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  expect(errors).toEqual([]);
});

test('the first screen shows the plan while the app loads, in the language chosen last', async ({ browser }) => {
  // No service worker: it would answer the second visit from its cache, past the hold below.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The page's wasm is held back until released: what a slow connection shows meanwhile.
  // (Routing turns the HTTP cache off, so every visit asks for it again.)
  let held = Promise.resolve();
  let release = () => {};
  await page.route(/gnbv-app-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  const shown = async () => ({
    tagline: await page.locator('.tagline').innerText(),
    nav: await page.locator('nav.screens a').allInnerTexts(),
  });
  for (const lang of ['vi', 'en']) {
    held = new Promise<void>((r) => { release = r; });
    await page.goto('/');
    const boot = page.locator('#boot');
    await expect(boot).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(boot.getByRole('heading', { level: 1 })).toHaveText('GNBV Planner');
    const targets = boot.locator('ul.boot-targets li');
    await expect(targets).toHaveCount(4);
    // The plan's own words in Vietnamese (section II), an English rendering otherwise.
    await expect(targets.last()).toHaveText(
      lang === 'vi' ? '100% số xã (264 xã) đạt chuẩn quốc gia nông thôn mới về tiêu chí hộ nghèo.'
        : '100% of communes (264 xã) meeting the new-rural-area poverty criterion.',
      { useInnerText: true },
    );
    await expect(boot.getByRole('status')).toContainText(lang === 'vi' ? 'Đang tải' : 'Loading', { useInnerText: true });
    const before = await shown();
    await page.screenshot({ path: path.join(artifacts, `boot-${lang}.png`) });
    // The app starts, takes the loading screen's place and says the same header and links.
    release();
    await expect(page.locator('#overview-heading')).toBeVisible({ timeout: 30_000 });
    await expect(boot).toHaveCount(0);
    expect(await shown()).toEqual(before);
    if (lang === 'vi') {
      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  }
  await context.close();
  expect(errors).toEqual([]);
});

test('the loading screen is painted before the app arrives and stays the largest content', async ({ browser }) => {
  // A first visit (no service worker, no stored scenario) on a phone-sized screen.
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen: { t: number; size: number; cls: string }[] = [];
    (window as any).__lcp = seen;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) seen.push({ t: e.startTime, size: e.size, cls: e.element?.className ?? '' });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto('/');
  await expect(page.locator('#overview-heading')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('#boot')).toHaveCount(0);
  const { lcp, fcp, wasm, wasmStart } = await page.evaluate(() => {
    const wasm = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => /gnbv-app-[0-9a-f]+_bg\.wasm$/.test(r.name));
    return {
      lcp: (window as any).__lcp as { t: number; size: number; cls: string }[],
      fcp: performance.getEntriesByName('first-contentful-paint').map((e) => e.startTime),
      wasm: wasm.map((r) => r.responseEnd),
      wasmStart: wasm.map((r) => r.startTime),
    };
  });
  // The download starts once the page is painted: it does not hold the first paint back.
  expect(fcp).toHaveLength(1);
  expect(wasmStart[0]).toBeGreaterThanOrEqual(fcp[0]);
  // The plan's objective on the loading screen was shown before the app's WebAssembly had
  // arrived, and nothing the app drew since is larger: what a slow link shows first is the
  // plan, not a blank page that the app fills seconds later.
  expect(wasm).toHaveLength(1);
  expect(lcp.length).toBeGreaterThan(0);
  const largest = lcp[lcp.length - 1];
  expect(largest.cls).toBe('boot-objective');
  expect(largest.t).toBeLessThan(wasm[0]);
  await context.close();
});

test('the first render arrives in steps, a task each, in the page\'s order', async ({ browser }) => {
  // Mutation observers are told at the end of each task that changed the page, so each record
  // below is what one task had built. Built at once, the frame and the whole Overview would
  // arrive in one record.
  const parts = ['.brand', '.header-tools', 'nav.screens', '#population-in-use', '#overview-heading',
    'dl.cards', '.simulation', 'table.scorecard', 'figure.chart.small', 'figure.chart:not(.small)'];
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  await page.addInitScript((parts: string[]) => {
    const records: string[][] = [];
    (window as any).__steps = records;
    new MutationObserver(() => {
      // The app's parts, not the loading screen's (index.html's header and links, in #boot).
      records.push(parts.filter((p) => [...document.querySelectorAll(p)].some((e) => !e.closest('#boot'))));
    }).observe(document, { childList: true, subtree: true });
  }, parts);
  await page.goto('/');
  await expect(page.locator('figure.chart:not(.small)')).toHaveCount(1, { timeout: 30_000 });
  const records: string[][] = await page.evaluate(() => (window as any).__steps);
  // The task in which each part first appeared.
  const firstSeen = parts.map((p) => records.findIndex((r) => r.includes(p)));
  expect(firstSeen.every((i) => i >= 0)).toBe(true);
  // In the page's order, and each in a task after the one before: the frame's parts, the
  // screen's heading, its figures, the controls, the scorecard and the two charts.
  for (let i = 1; i < parts.length; i++) {
    expect(firstSeen[i], `${parts[i]} after ${parts[i - 1]}`).toBeGreaterThan(firstSeen[i - 1]);
  }
  // Nothing was taken away: every part is on the page once it is all there.
  for (const p of parts) await expect(page.locator(p)).toHaveCount(1);
  await context.close();
});

test('a first visit downloads the Monte Carlo worker once, however many workers run it', async ({ browser }) => {
  // No service worker (it would fetch every file once more to keep them for offline use).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('gnbv.workers', '3'));
  // The body bytes each request for the worker's wasm brought over the network.
  const fetched: Promise<number>[] = [];
  page.on('requestfinished', (r) => {
    if (r.url().endsWith('/gnbv-worker_bg.wasm')) fetched.push(r.sizes().then((s) => s.responseBodySize));
  });
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 60_000 });
  // The lead downloads it; the two helpers start once the lead is ready and find it cached.
  const bodies = await Promise.all(fetched);
  expect(bodies.length).toBe(3);
  const compressed = await page.request.get('/gnbv-worker_bg.wasm', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
  const size = Number(compressed.headers()['content-length']);
  expect(bodies.filter((b) => b > 0)).toEqual([size]);
  await context.close();
});

/** A fresh browser without a service worker (every file comes from the server), its page, the
 * page's uncaught exceptions, and the files it asked for, by name, in order. */
async function fresh(browser: Browser) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname.slice(1)));
  return { context, page, errors, asked };
}

test('a first visit downloads the Overview alone; a screen\'s code arrives when it is first shown, and a failed download says so and can be tried again', async ({ browser }) => {
  const { context, page, errors, asked } = await fresh(browser);
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 60_000 });
  // The page's own wasm and the Monte Carlo worker's; no screen's part.
  expect(asked.filter((n) => /^gnbv-app-[0-9a-f]+_bg\.wasm$/.test(n))).toHaveLength(1);
  expect(asked.filter((n) => /^gnbv-(allocation|funding|outcomes|data|proposal|monitoring|scenarios|link|chunk)-/.test(n))).toEqual([]);

  // The Allocation screen's part cannot be fetched: the screen says so, the rest of the page
  // stays as it was, and nothing breaks.
  let refuse = true;
  await page.route(/\/gnbv-allocation-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
  await page.getByRole('link', { name: 'Phân bổ', exact: true }).click();
  const alert = page.locator('.screen-not-loaded[role=alert]');
  await expect(alert).toContainText('Không tải được màn hình này');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('GNBV Planner');
  // Tried again with the network back: the screen arrives, its part fetched once it was allowed.
  refuse = false;
  await alert.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Phân bổ theo chương trình và huyện', { timeout: 30_000 });
  expect(asked.filter((n) => /^gnbv-allocation-[0-9a-f]+\.wasm$/.test(n)).length).toBeGreaterThanOrEqual(2);
  // Another screen's part comes when that screen is shown, and a screen shown again needs none.
  const before = asked.length;
  await page.getByRole('link', { name: 'Dữ liệu', exact: true }).click();
  await expect(page.locator('table.districts tbody tr.district')).toHaveCount(8, { timeout: 30_000 });
  expect(asked.slice(before).some((n) => /^gnbv-data-[0-9a-f]+\.wasm$/.test(n))).toBe(true);
  const again = asked.length;
  await page.getByRole('link', { name: 'Phân bổ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Phân bổ theo chương trình và huyện');
  expect(asked.slice(again).filter((n) => /^gnbv-(allocation|funding|outcomes|data|proposal|monitoring|scenarios|link|chunk)-/.test(n))).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('the share link\'s code comes when a link is made or opened; when it cannot, the user is told and nothing changes', async ({ browser }) => {
  const { context, page, errors } = await fresh(browser);
  let refuse = true;
  await page.route(/\/gnbv-link-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 60_000 });
  // Made while its code cannot be fetched: a notice says so, nothing is copied.
  await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
  await expect(page.locator('.notice.problem')).toContainText('Chưa tạo được liên kết chia sẻ');
  await expect(page.locator('.share-panel')).toHaveCount(0);
  refuse = false;
  await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
  const url = page.locator('input.share-url');
  await expect(url).toHaveValue(/#s=5\.[A-Za-z0-9_-]+$/);
  await expect(page.locator('.notice.problem')).toHaveCount(0);
  const link = await url.inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // Opened in a fresh browser while its code cannot be fetched: the scenario is unchanged and
  // the link stays in the address; a reload with the network back opens it.
  const { context: second, page: other, errors: otherErrors } = await fresh(browser);
  refuse = true;
  await other.route(/\/gnbv-link-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
  await other.goto(link);
  await expect(other.locator('.notice.problem')).toContainText('Chưa mở được liên kết');
  await expect(other).toHaveURL(/#s=5\./);
  refuse = false;
  await other.reload();
  await expect(other.locator('.notice.info')).toContainText('Đã mở kịch bản từ liên kết');
  await expect(other).not.toHaveURL(/#s=/);
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
  await context.close();
  await second.close();
});

test('a returning visit reads its stored work with code a first visit never fetches; if that code cannot be fetched, the stored work is left untouched', async ({ browser }) => {
  const { context, page, errors, asked } = await fresh(browser);
  await page.goto('/funding');
  await page.locator('#amount-donations').fill('3 tỷ');
  await page.locator('#amount-donations').press('Enter');
  await expect(page.locator('#amount-donations')).toHaveValue('3.000.000.000');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('gnbv.store') ?? '')).toContain('3000000000');
  // The first visit had nothing to read.
  expect(asked.filter((n) => /^gnbv-restore-/.test(n))).toEqual([]);
  const stored = await page.evaluate(() => localStorage.getItem('gnbv.store'));

  // Reopened while the reading code cannot be fetched: the notice says so, the defaults are
  // shown, and an edit is not saved over the stored work.
  let refuse = true;
  await page.route(/\/gnbv-restore-[0-9a-f]+\.wasm$/, (route) => (refuse ? route.abort('internetdisconnected') : route.continue()));
  await page.reload();
  await expect(page.locator('.notice.problem')).toContainText('Chưa mở lại được công việc đã lưu');
  await expect(page.locator('#amount-donations')).toHaveValue('2.000.000.000');
  await page.locator('#amount-donations').fill('4 tỷ');
  await page.locator('#amount-donations').press('Enter');
  await expect(page.locator('#amount-donations')).toHaveValue('4.000.000.000');
  await page.waitForTimeout(1000); // longer than autosave's wait
  expect(await page.evaluate(() => localStorage.getItem('gnbv.store'))).toBe(stored);

  // With the network back, a reload reopens the stored work.
  refuse = false;
  await page.reload();
  await expect(page.locator('#amount-donations')).toHaveValue('3.000.000.000');
  await expect(page.locator('.notice.problem')).toHaveCount(0);
  expect(asked.filter((n) => /^gnbv-restore-/.test(n)).length).toBeGreaterThanOrEqual(2);
  expect(errors).toEqual([]);
  await context.close();
});
