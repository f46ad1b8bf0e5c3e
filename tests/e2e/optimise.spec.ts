import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { artifacts, gnbv, watchErrors } from './common';

// "What would it take?": the optimiser answers in its worker with the CLI's numbers, shows the
// plan beside the current scenario with its shadow prices, applies it as one undo step, saves
// it to the library, cancels, asks the cost question from an unlikely target on the overview,
// and speaks both languages.

const group = (n: number | bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');

test('the optimiser’s plan is the CLI’s, applies as one undo step and is saved for the comparison', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnbv-optimise-'));
  const file = path.join(dir, 'default.json');
  fs.writeFileSync(file, gnbv(['scenario', 'default']));
  const out = path.join(dir, 'optimised.json');
  const cli = JSON.parse(gnbv(['optimise', '--scenario', file, '--objective', 'exits', '--out', out, '--json']).toString());
  // Money placed per program in the optimised scenario, as `gnbv allocate` gives it.
  const allocated = JSON.parse(gnbv(['allocate', '--scenario', out, '--json']).toString());
  const byProgram = new Map<string, number>();
  for (const l of allocated.lines) byProgram.set(l.program, (byProgram.get(l.program) ?? 0) + l.allocated);

  await page.goto('/allocation');
  const panel = page.locator('#optimise');
  await expect(panel.locator('#optimise-heading')).toHaveText('Tối ưu hóa: cần gì để đạt?');
  await expect(page.locator('#optimise-mode-impact')).toBeChecked();
  await expect(page.locator('#optimise-objective')).toHaveValue('exits');
  await page.locator('#optimise-run').click();
  await expect(page.locator('#optimise-progress')).not.toBeEmpty();
  await expect(page.locator('#optimise-result')).toBeVisible({ timeout: 120_000 });
  const took = await page.evaluate(() => performance.getEntriesByName('gnbv-optimise').map((e) => e.duration));
  console.log(`optimise in the browser, click to answer: ${took.map((d) => Math.round(d)).join(', ')} ms`);

  // The expected exits now and in the plan, as the CLI predicts them.
  const exits = page.locator('#optimise-outcomes tr', { hasText: 'Hộ thoát nghèo' }).locator('td');
  await expect(exits.nth(0)).toHaveText(group(Math.round(cli.before.exits)));
  await expect(exits.nth(1)).toHaveText(group(Math.round(cli.after.exits)));
  // Money by program: the plan's column is what the CLI's optimised scenario allocates.
  const p3a = page.locator('#optimise-programs tr', { hasText: 'Dự án 3a' }).locator('td');
  await expect(p3a.nth(1)).toHaveText(group(byProgram.get('p3a')!));
  const credit = page.locator('#optimise-programs tr', { hasText: 'Tín dụng ưu đãi' }).locator('td');
  await expect(credit.nth(1)).toHaveText(group(byProgram.get('credit')!));
  // Shadow prices in words.
  const prices = page.locator('#optimise-prices li');
  expect(await prices.count()).toBe(cli.sources.length);
  await expect(page.locator('#optimise-prices li[data-source="province_budget"]')).toHaveText(
    cli.sources.find((s: { source: string }) => s.source === 'province_budget').message_vi,
  );
  await expect(page.locator('#optimise-binding li').first()).toHaveText(cli.binding[0].message_vi);
  await expect(page.locator('#optimise-binding li').first()).toContainText('thêm 1 tỷ đồng');
  await expect(page.locator('#optimise-rounding')).toContainText('Làm tròn đến đơn vị nguyên');
  await page.screenshot({ path: path.join(artifacts, 'optimise-answer-vi.png'), fullPage: true });

  // A second question reuses the worker and its households.
  await page.locator('#optimise-run').click();
  await expect(page.locator('#optimise-progress')).not.toBeEmpty();
  await expect(page.locator('#optimise-progress')).toBeEmpty({ timeout: 120_000 });
  await expect(page.locator('#optimise-result')).toBeVisible();
  const again = await page.evaluate(() => performance.getEntriesByName('gnbv-optimise').map((e) => e.duration));
  console.log(`optimise in the browser, a second question: ${Math.round(again[again.length - 1])} ms`);
  await expect(exits.nth(1)).toHaveText(group(Math.round(cli.after.exits)));

  // Saved to the library, to compare on the Scenarios screen.
  await page.locator('#optimise-save').click();
  await expect(page.locator('#optimise-saved')).toContainText('Phương án tối ưu: Số hộ thoát nghèo');

  // Applied as one step: the matrix follows, and one undo goes back.
  const p3aTotal = page.locator('table.matrix tr', { hasText: 'Dự án 3a' }).locator('td').last();
  const before = await p3aTotal.innerText();
  await page.locator('#optimise-apply').click();
  await expect(page.locator('#optimise-applied')).toBeVisible();
  await expect(page.locator('#optimise-result')).toHaveCount(0);
  await expect(p3aTotal).toHaveText(new RegExp(`^${group(byProgram.get('p3a')!)}`));
  await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(p3aTotal).toHaveText(before);
  await page.getByRole('button', { name: /Làm lại/ }).click();
  await expect(p3aTotal).toHaveText(new RegExp(`^${group(byProgram.get('p3a')!)}`));

  // A planned line says so in its rule.
  await page.locator('table.matrix tr', { hasText: 'Dự án 3a' }).locator('td button').first().click();
  await expect(page.locator('.rules')).toContainText('Theo phương án:');

  await page.getByRole('link', { name: 'Kịch bản' }).click();
  await expect(page.locator('table', { hasText: 'Phương án tối ưu: Số hộ thoát nghèo' }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('cancel stops a question; the cost question comes from an unlikely target; both languages', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto('/allocation');
  await page.locator('#optimise-run').click();
  await expect(page.locator('#optimise-cancel')).toBeVisible();
  await page.locator('#optimise-cancel').click();
  await expect(page.locator('#optimise-cancel')).toHaveCount(0);
  await expect(page.locator('#optimise-progress')).toBeEmpty();
  await expect(page.locator('#optimise-result')).toHaveCount(0);
  // The page answers at once after a cancel.
  await expect(page.locator('#optimise-run')).toBeEnabled();

  // No target ticked: said, nothing asked.
  await page.locator('#optimise-mode-cost').check();
  for (const id of ['#goal-rate', '#goal-ntm', '#goal-access']) await page.locator(id).uncheck();
  await page.locator('#optimise-run').click();
  await expect(page.locator('#optimise .field-error')).toHaveText('Hãy chọn ít nhất một chỉ tiêu');
  await expect(page.locator('#optimise-progress')).toBeEmpty();

  // From the overview: an unlikely target asks what it would take.
  await page.getByRole('link', { name: 'Tổng quan' }).click();
  await page.getByRole('button', { name: /Chạy mô phỏng/ }).click();
  const ntm = page.locator('tr[data-target="NewRuralCommunes"]');
  await expect(ntm.locator('a.ask')).toBeVisible({ timeout: 120_000 });
  await ntm.locator('a.ask').click();
  await expect(page).toHaveURL(/\/allocation\?ask=ntm$/);
  await expect(page.locator('#optimise-mode-cost')).toBeChecked();
  await expect(page.locator('#goal-ntm')).toBeChecked();
  await expect(page.locator('#goal-rate')).not.toBeChecked();
  await page.locator('#optimise-run').click();
  await expect(page.locator('#optimise-result')).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('#optimise-binding li').first()).toHaveAttribute('data-kind', 'envelope');
  await expect(page.locator('#optimise-kinds li')).toHaveCount(3);
  const ntmRow = page.locator('#optimise-outcomes tr', { hasText: 'Xã đạt tiêu chí' }).locator('td');
  await expect(ntmRow.nth(1)).toHaveText('264/264');

  // In English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#optimise-heading')).toHaveText('Optimise: what would it take?');
  await expect(page.locator('#optimise-binding li').first()).toContainText('province-held grants than the current envelope');
  await expect(page.locator('#optimise-outcomes caption')).toContainText('linear model');
  await page.screenshot({ path: path.join(artifacts, 'optimise-cost-en.png'), fullPage: true });
  expect(errors).toEqual([]);
});
