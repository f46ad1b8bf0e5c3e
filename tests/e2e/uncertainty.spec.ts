import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { artifacts, gnbv, watchErrors } from './common';

// Honest uncertainty: the overview's bands include the uncertain parameters (the CLI's numbers),
// each target says what drives it, the household-only band is one tick away, and the Outcomes
// screen's sensitivity view (tornado, drivers, CSV) is the CLI's, in both languages.

const percentVi = (ratio: string | number) => (Number(ratio) * 100).toFixed(2).replace('.', ',') + ' %';

function defaultScenario(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnbv-uncertainty-'));
  const file = path.join(dir, 'default.json');
  fs.writeFileSync(file, gnbv(['scenario', 'default']));
  return file;
}

test('the scorecard’s bands include the parameters, name each target’s driver, and fall back to the households’ chance alone on request', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const file = defaultScenario();
  const cli = JSON.parse(gnbv(['simulate', '--scenario', file, '--json']).toString());
  await page.goto('/');
  const rows = page.locator('table.scorecard tbody tr');
  await expect(rows).toHaveCount(9, { timeout: 60_000 });
  const n = cli.parameters.length;
  await expect(page.locator('#band-meaning')).toContainText(`P10–P90 qua 200 lần mô phỏng hộ gia đình và ${n} tham số chưa chắc chắn`);
  // The fall of the rate: the CLI's probability, neither 0 % nor 100 %, driven by growth.
  const reduction = page.locator('table.scorecard tr[data-target="PovertyRateReduction"]');
  const probability = cli.scorecard[0].probability;
  expect(Number(probability)).toBeGreaterThan(0);
  expect(Number(probability)).toBeLessThan(1);
  await expect(reduction.locator('td').nth(2)).toHaveText(percentVi(probability));
  await expect(reduction.locator('.driver')).toHaveText('Phụ thuộc nhiều nhất vào: Tăng trưởng thu nhập bình quân');
  await expect(page.locator('#projected-rate')).toContainText(percentVi(cli.province.poor_rate.p10));
  await expect(page.locator('#projected-rate')).toContainText(percentVi(cli.province.poor_rate.p90));
  await page.screenshot({ path: path.join(artifacts, 'uncertainty-overview-vi.png'), fullPage: true });

  // The households' chance alone: the CLI's household_only band, and the fall is then certain.
  await page.locator('#parameter-uncertainty').uncheck();
  await expect(page.locator('#band-meaning')).toContainText('các tham số giữ cố định', { timeout: 60_000 });
  const h = cli.household_only;
  await expect(page.locator('#projected-rate')).toContainText(percentVi(h.poor_rate.p10));
  await expect(page.locator('#projected-rate')).toContainText(percentVi(h.poor_rate.p90));
  await expect(reduction.locator('td').nth(2)).toHaveText(percentVi(h.probability));
  await expect(reduction.locator('.driver')).toHaveCount(0);
  // One undo step brings the parameters back.
  await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(page.locator('#parameter-uncertainty')).toBeChecked();
  await expect(page.locator('#band-meaning')).toContainText('tham số chưa chắc chắn', { timeout: 60_000 });

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#band-meaning')).toContainText(`P10–P90 over 200 draws of households and of ${n} uncertain parameters`);
  await expect(reduction.locator('.driver')).toHaveText('Driven mostly by: Mean income growth');
  await page.screenshot({ path: path.join(artifacts, 'uncertainty-overview-en.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the sensitivity view is the CLI’s tornado: widest swing first, each target’s driver, the same CSV', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const file = defaultScenario();
  const csvFile = path.join(path.dirname(file), 'tornado.csv');
  const cli = JSON.parse(gnbv(['sensitivity', '--scenario', file, '--draws', '10', '--csv', csvFile, '--json']).toString());
  await page.goto('/outcomes');
  const panel = page.locator('#sensitivity');
  await expect(panel.locator('#sensitivity-heading')).toHaveText('Giả định nào quan trọng nhất?');
  await page.locator('#sensitivity-run').click();
  await expect(page.locator('#sensitivity-result')).toBeVisible({ timeout: 180_000 });
  const took = await page.evaluate(() => performance.getEntriesByName('gnbv-sensitivity').map((e) => e.duration));
  console.log(`sensitivity in the browser, click to tornado: ${took.map((d) => Math.round(d)).join(', ')} ms`);
  const bars = panel.locator('g.swing');
  await expect(bars).toHaveCount(cli.swings.length);
  const ids = await bars.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-parameter')));
  expect(ids).toEqual(cli.swings.map((s: { parameter: { id: string } }) => s.parameter.id));
  expect(ids[0]).toBe('growth_mean');
  await expect(panel.locator('g.swing').first().locator('text.label')).toHaveText('Tăng trưởng thu nhập bình quân');
  // Each target's strongest parameter; training is set by the allocation.
  await expect(panel.locator('#sensitivity-drivers tr[data-target="PovertyRateReduction"] td').first()).toHaveText('Tăng trưởng thu nhập bình quân');
  await expect(panel.locator('#sensitivity-drivers tr[data-target="CadresTrained"] td').first()).toHaveText('không tham số nào (do phân bổ quyết định)');
  // The CSV download is the CLI's file, byte for byte, then the line naming the population.
  const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('button.csv').click()]);
  const got = fs.readFileSync(await download.path()).toString('utf8');
  const expected = fs.readFileSync(csvFile, 'utf8');
  expect(got.startsWith(expected)).toBe(true);
  expect(got.slice(expected.length)).toMatch(/^\r\n"?Số liệu đang dùng: /);
  await panel.screenshot({ path: path.join(artifacts, 'sensitivity-vi.png') });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(panel.locator('#sensitivity-heading')).toHaveText('Which assumption matters most?');
  await expect(panel.locator('g.swing').first().locator('text.label')).toHaveText('Mean income growth');
  await panel.screenshot({ path: path.join(artifacts, 'sensitivity-en.png') });
  expect(errors).toEqual([]);
});
