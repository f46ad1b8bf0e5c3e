import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { artifacts, gnbv, watchErrors } from './common';

// Several years: the year selector on every screen, 2020's loan books opening where 2019's
// close (the CLI's numbers), 2020's projection with its own start and targets, the proposal
// of the chosen year, and edits that stay in their year.

const group = (n: number | bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');

test('2020 opens with the 2019 book, projects from each draw’s end of 2019, and edits stay in their year', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnbv-years-'));
  const file = path.join(dir, 'default.json');
  fs.writeFileSync(file, gnbv(['scenario', 'default']));
  const plan = (year: string) => JSON.parse(gnbv(['credit', '--scenario', file, '--year', year, '--json']).toString());
  const [p2019, p2020] = [plan('2019'), plan('2020')];

  await page.goto('/funding');
  const year = page.locator('#year');
  await expect(year).toHaveValue('2019');
  await expect(page.locator('#funding-heading')).toHaveText('Nguồn vốn năm 2019');
  // The loan book over the years, as the CLI gives it.
  await expect(page.locator('#loan-book tr[data-year="2019"] td').nth(3)).toHaveText(`${group(p2019.total.closing)} ₫`);
  await expect(page.locator('#loan-book tr[data-year="2020"] td').nth(0)).toHaveText(`${group(p2019.total.closing)} ₫`);
  await expect(page.locator('#loan-book tr[data-year="2020"] td').nth(3)).toHaveText(`${group(p2020.total.closing)} ₫`);

  await year.selectOption('2020');
  await expect(page.locator('#funding-heading')).toHaveText('Nguồn vốn năm 2020');
  await expect(page.locator('#credit-plan caption')).toContainText('năm 2020');
  const total = page.locator('#credit-plan tr[data-credit="total"] td');
  await expect(total.nth(0)).toHaveText(group(p2020.total.opening));
  await expect(total.nth(9)).toHaveText(group(p2020.total.closing));
  // A later year's opening balance is the year before's closing: not a field.
  await expect(page.locator('#opening-vbsp_poor')).toHaveCount(0);
  await page.screenshot({ path: path.join(artifacts, 'years-funding-2020-vi.png'), fullPage: true });

  // Entrusting 5 bn more in 2020 changes 2020 only.
  const entrusted = page.locator('#entrusted-vbsp_poor');
  await expect(entrusted).toHaveValue('10.000.000.000');
  await entrusted.fill('15 tỷ');
  await entrusted.press('Enter');
  await expect(page.locator('#credit-entrusted')).toHaveText('15 tỷ ₫');
  await year.selectOption('2019');
  await expect(page.locator('#credit-entrusted')).toHaveText('10 tỷ ₫');
  await expect(page.locator('#entrusted-vbsp_poor')).toHaveValue('10.000.000.000');
  await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await year.selectOption('2020');
  await expect(page.locator('#credit-entrusted')).toHaveText('10 tỷ ₫');

  // The 2020 projection: its start is the median end of 2019, its targets say what is assumed.
  await page.getByRole('link', { name: 'Tổng quan' }).click();
  await expect(page.locator('#overview-heading')).toHaveText('Tổng quan kế hoạch 2020');
  await expect(page.locator('#projected-rate')).not.toHaveText('—', { timeout: 180_000 });
  await expect(page.locator('#scorecard-caption')).toHaveText('Các mục tiêu năm 2020');
  await expect(page.locator('#later-year-note')).toContainText('tái nghèo');
  const expected = page.locator('tr[data-target="ExpectedRate2020"]');
  await expect(expected).toContainText('≤ 2,36 %');
  await expect(expected).toContainText('mức dự kiến tỉnh đã công bố');
  await expect(page.locator('tr[data-target="PovertyRateReduction2020"]')).toContainText('mức giả định');
  const end2020 = await page.locator('#projected-rate').innerText();
  await year.selectOption('2019');
  await expect(page.locator('#scorecard-caption')).toHaveText('Các mục tiêu năm 2019');
  await expect(page.locator('tr[data-target="PovertyRateReduction"]')).toBeVisible();
  const end2019 = await page.locator('#projected-rate').innerText();
  expect(end2019).not.toEqual(end2020);
  await year.selectOption('2020');
  await page.screenshot({ path: path.join(artifacts, 'years-overview-2020-vi.png'), fullPage: true });

  // The proposal of the chosen year.
  await page.getByRole('link', { name: 'Dự toán' }).click();
  await expect(page.locator('#proposal-heading')).toHaveText('Dự toán kinh phí năm 2020');
  await expect(page.locator('#credit-plan caption')).toContainText('năm 2020');

  // In English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#proposal-heading')).toHaveText('Budget proposal for 2020');
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.locator('#scorecard-caption')).toHaveText('The 2020 targets');
  await expect(page.locator('tr[data-target="ExpectedRate2020"]')).toContainText('published as expected');
  await page.screenshot({ path: path.join(artifacts, 'years-overview-2020-en.png'), fullPage: true });

  // Removing 2020 leaves a one-year plan; adding it back repeats 2019's.
  await page.locator('#remove-year').click();
  await expect(year.locator('option')).toHaveCount(1);
  await expect(page.locator('#overview-heading')).toHaveText('2019 plan overview');
  await page.locator('#add-year').click();
  await expect(year).toHaveValue('2020');
  expect(errors).toEqual([]);
});
