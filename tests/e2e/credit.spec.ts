import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { artifacts, gnbv, watchErrors } from './common';

// Credit as credit: the Funding screen's credit plan, the province's entrusted capital as a
// decision, the proposal's credit sheet, and a fund-flow chart where credit is apart.

const credit = (page: Page, source: string) => page.locator(`#credit-plan tr[data-credit="${source}"]`);
// Columns after the name: opening, due, collected, overdue, new capital, entrusted, capacity,
// lent, written off, closing, new borrowers, borrowers at the end, interest support, fees.
const creditCell = (page: Page, source: string, n: number) => credit(page, source).locator('td').nth(n);

test('the Funding screen shows the credit plan; entrusting more local budget raises what can be lent', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/funding');
  const plan = page.locator('#credit-plan');
  await expect(plan.locator('tbody tr')).toHaveCount(9); // 8 lending programs and the total
  await expect(credit(page, 'total')).toContainText('2.772.000.000.000');
  await expect(page.locator('#credit-summary')).toContainText('không phải chi ngân sách');
  await expect(page.locator('#credit-entrusted')).toHaveText('10 tỷ ₫');
  // Poor-household loans: capacity = collected + new capital + entrusted = 150 bn, all lent.
  await expect(creditCell(page, 'vbsp_poor', 6)).toHaveText('150.000.000.000');
  await expect(creditCell(page, 'vbsp_poor', 7)).toHaveText('150.000.000.000');
  await expect(page.locator('tr[data-source="vbsp_poor"] .loan-capacity')).toContainText('150.000.000.000');
  await page.screenshot({ path: path.join(artifacts, 'credit-vi.png'), fullPage: true });

  // The province entrusts 15 bn instead of 10: 5 bn more can be lent, and the source says so.
  const entrusted = page.locator('#entrusted-vbsp_poor');
  await expect(entrusted).toHaveValue('10.000.000.000');
  await entrusted.fill('15 tỷ');
  await entrusted.press('Enter');
  await expect(creditCell(page, 'vbsp_poor', 6)).toHaveText('155.000.000.000');
  await expect(page.locator('#credit-entrusted')).toHaveText('15 tỷ ₫');
  await expect(page.locator('tr[data-source="vbsp_poor"] td.remaining')).toHaveText('5.000.000.000');
  await expect(page.locator('ul.diagnostics')).toContainText('chưa phân bổ cho chương trình nào');

  // What cannot be read, or is negative, is refused where it was typed and changes nothing.
  const field = page.locator('#entrusted-vbsp_poor');
  await field.fill('mười tỷ');
  await field.press('Enter');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#entrusted-vbsp_poor-error')).toContainText('Không đọc được số tiền');
  await expect(creditCell(page, 'vbsp_poor', 6)).toHaveText('155.000.000.000');
  // An opening balance beyond what an amount may be is refused too.
  const opening = page.locator('#opening-vbsp_poor');
  await opening.fill('2000000000000000');
  await opening.press('Enter');
  await expect(page.locator('#opening-vbsp_poor-error')).toContainText('vượt quá 10^15');
  await expect(credit(page, 'total')).toContainText('2.772.000.000.000');

  // Undo brings back the 10 bn.
  await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(page.locator('#entrusted-vbsp_poor')).toHaveValue('10.000.000.000');
  await expect(creditCell(page, 'vbsp_poor', 6)).toHaveText('150.000.000.000');

  // In English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#credit-heading')).toHaveText('Preferential credit plan');
  await expect(page.locator('#credit-summary')).toContainText('not budget spending');
  await page.screenshot({ path: path.join(artifacts, 'credit-en.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a link keeps the entrusted capital, and the proposal has the credit plan as the CLI computes it', async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/funding');
  const entrusted = page.locator('#entrusted-vbsp_near_poor');
  await entrusted.fill('20 tỷ');
  await entrusted.press('Enter');
  await expect(creditCell(page, 'vbsp_near_poor', 6)).toHaveText('220.000.000.000');
  await page.getByRole('button', { name: /Sao chép liên kết/ }).click();
  const link = await page.locator('.share-url').inputValue();
  expect(link).toMatch(/#s=5\./);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link.replace('/funding', '/proposal'));
  const table = other.locator('#credit-plan');
  await expect(table.locator('tr[data-credit="vbsp_near_poor"] td').nth(5)).toHaveText('20.000.000.000');
  // The CLI's credit plan for the same scenario: the same total cost.
  await expect(other.locator('.notice.info')).toContainText('Đã mở kịch bản từ liên kết');
  await other.goto(new URL(link).origin + '/scenarios');
  const [json] = await Promise.all([
    other.waitForEvent('download'),
    other.getByRole('button', { name: 'Xuất JSON' }).first().click(),
  ]);
  const file = path.join(artifacts, 'credit-scenario.json');
  await json.saveAs(file);
  const plan = JSON.parse(gnbv(['credit', '--scenario', file, '--json']).toString());
  const near = plan.programs.find((p: { source: string }) => p.source === 'vbsp_near_poor');
  expect(near.entrusted).toBe(20_000_000_000);
  expect(near.capacity).toBe(220_000_000_000);
  await other.goto(new URL(link).origin + '/proposal');
  const cost = plan.total.interest_support + plan.total.fees;
  await expect(other.locator('#credit-summary')).toContainText(cost.toLocaleString('de-DE'));
  expect(errors).toEqual([]);
  await fresh.close();
  await context.close();
});

test('the fund-flow chart draws credit apart and labels every node', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  const chart = page.locator('figure.chart').filter({ has: page.locator('.flow-legend') });
  await expect(chart.locator('path.flow.credit').first()).toBeVisible();
  expect(await chart.locator('path.flow:not(.credit)').count()).toBeGreaterThan(0);
  const labels = await chart.locator('text.label').allTextContents();
  expect(labels.length).toBeGreaterThan(10);
  for (const l of labels) expect(l.trim()).not.toBe('');
  await expect(chart.locator('.flow-legend')).toContainText('Tín dụng chính sách');
  // Small grants are grouped under one labelled node.
  expect(labels.some((l) => /Nguồn cấp phát khác \(\d+\)/.test(l))).toBe(true);
  await chart.screenshot({ path: path.join(artifacts, 'fund-flow-credit.png') });
  expect(errors).toEqual([]);
});
