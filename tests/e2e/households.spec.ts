import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { artifacts, watchErrors, gnbv } from './common';

// One population: an imported household file's counts drive every figure, it survives a
// reload (IndexedDB), links name it, and the CLI agrees with the app on the same file.

/** The household template the app offers (20 households of the first commune). */
async function householdTemplate(page: Page): Promise<{ file: string; lines: string[] }> {
  await page.goto('/data');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải mẫu tệp hộ (CSV)' }).click()]);
  const file = path.join(artifacts, 'mau-ho-gia-dinh.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').slice(1).trimEnd().split('\r\n');
  return { file, lines };
}

function setCell(lines: string[], row: number, col: number, value: string) {
  const cells = lines[row - 1].split(',');
  cells[col] = value;
  lines[row - 1] = cells.join(',');
}

/** Resident memory of every Chromium process, MB (for the closing note's memory figures). */
function chromiumMemory(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'rss=,comm='], { encoding: 'utf8' });
    return out.split('\n').filter((l) => /chrom/.test(l)).reduce((sum, l) => sum + Number(l.trim().split(/\s+/)[0]), 0) / 1024;
  } catch {
    return 0;
  }
}

const banner = (page: Page) => page.locator('#population-in-use');
const cardValue = (page: Page, n: number) => page.locator('dl.cards .card').nth(n).locator('.value');

test('a household file: problems by line and column, another province refused, the review and the choice for uncovered communes', async ({ page }) => {
  const errors = watchErrors(page);
  const { lines } = await householdTemplate(page);
  expect(lines[0]).toMatch(/^household_id,commune_code,area,members,income_per_capita_month,d_/);
  expect(lines).toHaveLength(21);
  const bad = [...lines];
  setCell(bad, 2, 1, '99999'); // unknown commune
  setCell(bad, 3, 3, '0'); // members
  setCell(bad, 4, 2, 'city'); // area
  await page.locator('#import-households').setInputFiles({ name: 'ho-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
  const report = page.locator('#households-report');
  await expect(report).toContainText('“ho-loi.csv”: 3 lỗi');
  await expect(report.locator('tbody tr').nth(0)).toContainText('commune_code');
  await expect(report).toContainText('“city” phải là rural hoặc urban');
  // A file of another province: one message, nothing applied.
  const other = lines.map((l, i) => (i === 0 ? l : l.replace(/^([^,]*),\d+,/, '$1,26734,')));
  await page.locator('#import-households').setInputFiles({ name: 'ha-noi.csv', mimeType: 'text/csv', buffer: Buffer.from(other.join('\n')) });
  await expect(report).toContainText('“ha-noi.csv”: 1 lỗi');
  await expect(report).toContainText('tệp không phải của tỉnh Thái Bình');
  await expect(banner(page)).toContainText('bộ số liệu có sẵn');
  const householdsBefore = await cardValue(page, 0).innerText();
  // A clean file covering one commune: the review says so and the planner decides.
  await page.locator('#import-households').setInputFiles({ name: 'mot-xa.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  const review = page.locator('#households-review');
  await expect(review).toContainText('Kiểm tra tệp “mot-xa.csv” trước khi dùng');
  await expect(review).toContainText('Tệp có 20 hộ ở 1 trên 286 xã');
  await expect(review).toContainText('285 xã không có hộ nào trong tệp');
  await page.screenshot({ path: path.join(artifacts, 'households-review-vi.png'), fullPage: false });
  await page.locator('#review-refuse').click();
  await expect(page.locator('#households-refused')).toContainText('Không dùng tệp “mot-xa.csv”. Số liệu không thay đổi.');
  await expect(banner(page)).toContainText('bộ số liệu có sẵn');
  expect(await cardValue(page, 0).innerText()).toBe(householdsBefore);
  // Again, keeping the dataset's figures for the 285 others.
  await page.locator('#import-households').setInputFiles({ name: 'mot-xa.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Dùng tệp, giữ số liệu của bộ số liệu cho 285 xã không có trong tệp' }).click();
  await expect(page.locator('#households-review')).toHaveCount(0);
  await expect(banner(page)).toContainText('tệp hộ gia đình “mot-xa.csv” (20 hộ; 285 xã không có trong tệp dùng bộ số liệu)');
  await expect(page.locator('#households-source')).toContainText('Tệp được lưu trong trình duyệt này');
  await expect(page.locator('#data-source')).toContainText('của các xã có trong tệp hộ gia đình được đếm từ tệp đó');
  expect(await cardValue(page, 0).innerText()).not.toBe(householdsBefore);
  // The uncovered communes are marked in the table.
  await page.locator('table.districts tbody tr.district').first().getByRole('button').click();
  await expect(page.locator('table.districts tr.commune .kept').first()).toBeVisible();
  await expect(page.locator('table.districts tr.commune').first().locator('.kept')).toHaveCount(0);
  // English too.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(banner(page)).toContainText('the household file “mot-xa.csv” (20 households; 285 communes not in the file use the dataset)');
  await expect(page.locator('#households-source')).toContainText('Every figure (households, poor, near-poor, allocation, proposal, projection) comes from');
  await page.screenshot({ path: path.join(artifacts, 'households-in-use-en.png'), fullPage: false });
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  // A commune file imported under it: the household file's counts stay on top of the new figures.
  const [communes] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải mẫu số liệu xã (CSV)' }).click()]);
  await page.locator('#import-communes').setInputFiles({ name: 'xa.csv', mimeType: 'text/csv', buffer: fs.readFileSync(await communes.path()) });
  await expect(page.locator('#data-source')).toContainText('lấy từ “xa.csv”');
  await expect(banner(page)).toContainText('tệp hộ gia đình “mot-xa.csv” (20 hộ; 285 xã không có trong tệp dùng bộ số liệu)');
  await expect(page.locator('#households-source')).toContainText('Tệp được lưu trong trình duyệt này');
  expect(errors).toEqual([]);
});

test('one population: the counts, the allocation, the proposal and the projection come from the household file, as in the CLI, and it survives a reload', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  // The synthetic population with every 25th household made poor by income: a file that
  // covers all 286 communes and differs from the dataset.
  const full = path.join(artifacts, 'ho-ra-soat-day-du.csv');
  gnbv(['synthesize', '--out', full, '--seed', '5']);
  const rows = fs.readFileSync(full, 'utf8').trimEnd().split('\n');
  const header = rows[0].split(',');
  const income = header.indexOf('income_per_capita_month');
  for (let i = 1; i < rows.length; i += 25) {
    const cells = rows[i].split(',');
    cells[income] = '300000';
    rows[i] = cells.join(',');
  }
  const file = path.join(artifacts, 'ho-ra-soat.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  // What the CLI finds on the file.
  const dataset = JSON.parse(gnbv(['dataset', '--households', file, '--json']).toString('utf8'));
  const province = dataset.province.counts;
  const scenario = path.join(artifacts, 'mac-dinh.json');
  fs.writeFileSync(scenario, gnbv(['scenario', 'default']));
  const allocation = JSON.parse(gnbv(['allocate', '--scenario', scenario, '--households', file, '--json']).toString('utf8'));
  const fmt = (n: number) => n.toLocaleString('de-DE');

  await page.goto('/data');
  const memoryBefore = chromiumMemory();
  await page.locator('#import-households').setInputFiles(file);
  // Poor households are far from the published rates: the planner is told before using it.
  const review = page.locator('#households-review');
  await expect(review).toContainText('Tệp có 620.149 hộ ở 286 trên 286 xã', { timeout: 60_000 });
  await expect(review).toContainText('số liệu công bố là 2,06 %');
  await page.locator('#review-use').click();
  await expect(banner(page)).toContainText('tệp hộ gia đình “ho-ra-soat.csv”');
  await expect(page.locator('#households-findings summary')).toContainText('Lưu ý về tệp đang dùng');
  await page.locator('#households-findings summary').click();
  await page.locator('#households-heading').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'households-in-use-vi.png') });
  const measures = await page.evaluate(() => performance.getEntriesByName('gnbv-households-import').map((e) => e.duration));
  console.log(`Household file import (620,149 rows, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB): ${measures.map((m) => m.toFixed(0)).join(', ')} ms`);
  const stored = await page.evaluate(() => new Promise<number>((resolve) => {
    const open = indexedDB.open('gnbv');
    open.onsuccess = () => {
      const get = open.result.transaction('files').objectStore('files').get('households');
      get.onsuccess = () => { resolve((get.result as Uint8Array).byteLength); open.result.close(); };
    };
  }));
  console.log(`Stored as columns: ${(stored / 1e6).toFixed(1)} MB; Chromium resident memory ${memoryBefore.toFixed(0)} MB before the import, ${chromiumMemory().toFixed(0)} MB after`);
  // The Data screen's province figures are the CLI's.
  await expect(cardValue(page, 0)).toHaveText(new RegExp(`^${fmt(province.households).replace(/\./g, '\\.')}`));
  await expect(cardValue(page, 1)).toHaveText(new RegExp(`^${fmt(province.poor_income + province.poor_multidimensional).replace(/\./g, '\\.')}`));
  // The allocation's first-district amounts of three programs are the CLI's, to the đồng.
  const first = dataset.districts[0];
  const communes = new Set(first.communes.map((c: { scope: { code: number } }) => c.scope.code));
  await page.getByRole('link', { name: 'Phân bổ' }).click();
  await expect(banner(page)).toContainText('“ho-ra-soat.csv”');
  for (const program of ['p3a', 'health_insurance_near_poor', 'electricity']) {
    const sum = allocation.cells
      .filter((c: { program: string; recipient: { level: string; code: number } }) => c.program === program && c.recipient.level === 'commune' && communes.has(c.recipient.code))
      .reduce((a: number, c: { amount: number }) => a + c.amount, 0);
    await expect(page.locator(`table.matrix tr[data-program="${program}"] td.num`).first()).toHaveText(fmt(sum));
  }
  // The projection starts from the file's poor households.
  await page.getByRole('link', { name: 'Tổng quan' }).click();
  await page.evaluate(() => performance.clearMeasures('gnbv-monte-carlo'));
  await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
  await expect(page.locator('[data-projection]')).toHaveCount(1, { timeout: 90_000 });
  // A chart's data names the population it describes.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('button.csv').first().click()]);
  const csvText = fs.readFileSync(await csv.path(), 'utf8').trimEnd();
  expect(csvText.split('\r\n').pop()).toContain('Số liệu đang dùng: tệp hộ gia đình “ho-ra-soat.csv” (620.149 hộ)');
  // A second run: the workers keep the file's households.
  await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('gnbv-monte-carlo').length), { timeout: 90_000 }).toBe(2);
  const runs = await page.evaluate(() => performance.getEntriesByName('gnbv-monte-carlo').map((e) => e.duration));
  console.log(`Chromium resident memory after the projections: ${chromiumMemory().toFixed(0)} MB`);
  console.log(`Projection on the imported file (200 draws, ${await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4))} workers), first then warm: ${runs.map((m) => m.toFixed(0)).join(', ')} ms`);
  // The Outcomes screen starts the first district from the file's counts.
  await page.getByRole('link', { name: 'Kết quả' }).click();
  await page.locator('table.outcomes tbody tr.district').first().locator('td').nth(1).getByRole('button').click();
  const poor = first.counts.poor_income + first.counts.poor_multidimensional;
  await expect(page.locator('.why-panel')).toContainText(`(${fmt(poor)} hộ nghèo trên ${fmt(first.counts.households)} hộ)`);
  // The proposal names the file.
  await page.getByRole('link', { name: 'Dự toán' }).click();
  await expect(page.locator('.form-subtitle')).toContainText('TÍNH TỪ tệp hộ gia đình “ho-ra-soat.csv”');

  // A reload reopens it from the browser's storage.
  await page.reload();
  await expect(page.locator('.notice.info').first()).toContainText('Đang dùng tệp hộ gia đình “ho-ra-soat.csv” đã lưu trong trình duyệt', { timeout: 30_000 });
  await expect(banner(page)).toContainText('“ho-ra-soat.csv” (620.149 hộ)');
  // The overview opened before the restore finished follows it: its chart starts from the file's rate.
  await page.goto('/');
  await expect(banner(page)).toContainText('“ho-ra-soat.csv”', { timeout: 30_000 });
  const baseRate = await page.locator('dl.cards .card').nth(1).locator('.value').innerText();
  expect(baseRate).not.toBe('3,16 %');
  await expect(page.locator('figure.chart').first()).toContainText(baseRate);
  // And the first visit's projection, cut short by the restore, runs again on the file.
  await expect(page.locator('[data-projection]')).toHaveCount(1, { timeout: 90_000 });
  const restore = await page.evaluate(() => performance.getEntriesByName('gnbv-households-restore').map((e) => e.duration));
  console.log(`Household file restored on reload: ${restore.map((m) => m.toFixed(0)).join(', ')} ms`);
  const memory = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  console.log(`Page JS heap after restoring: ${(memory / 1e6).toFixed(1)} MB`);

  // A link made here opens on the same stored file in this browser, and tells another
  // browser which file (and fingerprint) to load.
  await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
  const link = await page.locator('.share-url').inputValue();
  const same = await page.context().newPage();
  await same.goto(link);
  await expect(same.locator('.notice.info').filter({ hasText: 'Đã mở kịch bản từ liên kết' })).toHaveCount(1, { timeout: 30_000 });
  await expect(same.locator('.notice.problem')).toHaveCount(0);
  await expect(banner(same)).toContainText('“ho-ra-soat.csv”');
  await same.close();
  const elsewhere = await browser.newContext();
  const recipient = await elsewhere.newPage();
  await recipient.goto(link);
  const problem = recipient.locator('.notice.problem').first();
  await expect(problem).toContainText('tệp hộ gia đình “ho-ra-soat.csv”, dấu vân tay');
  await expect(banner(recipient)).toContainText('bộ số liệu có sẵn');
  await elsewhere.close();

  // Forgetting it goes back to the dataset, also after a reload.
  await page.goto('/data');
  await page.locator('#forget-households').click();
  await expect(banner(page)).toContainText('bộ số liệu có sẵn');
  await page.reload();
  await expect(banner(page)).toContainText('bộ số liệu có sẵn');
  await expect(page.locator('.notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('when the browser refuses to store the household file it is still used for the visit, and the user is told', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    // A browser whose storage for this site is full or denied.
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    void open;
  });
  const { lines } = await householdTemplate(page);
  await page.locator('#import-households').setInputFiles({ name: 'mot-xa.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.locator('#review-use').click();
  await expect(banner(page)).toContainText('“mot-xa.csv”');
  await expect(page.locator('.notice.problem')).toContainText('sẽ không được giữ lại khi tải lại trang: trình duyệt không cho lưu (QuotaExceededError');
  await expect(page.locator('#households-source')).toContainText('chỉ dùng được trong lần mở này');
  expect(errors).toEqual([]);
});
