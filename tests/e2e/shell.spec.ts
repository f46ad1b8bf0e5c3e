import { test, expect, Page } from '@playwright/test';
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
  // The app runs under the policy: no violation reaches the console.
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  expect(errors).toEqual([]);
});
