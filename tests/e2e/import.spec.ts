import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { artifacts, watchErrors, root } from './common';

async function template(page: Page): Promise<string[]> {
  await page.goto('/data');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải mẫu số liệu xã (CSV)' }).click()]);
  const file = path.join(artifacts, 'mau-so-lieu-xa.csv');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text.slice(1).trimEnd().split('\r\n');
}

function setCell(lines: string[], row: number, col: number, value: string) {
  const cells = lines[row - 1].split(',');
  cells[col] = value;
  lines[row - 1] = cells.join(',');
}

test('a commune file with errors lists them all with their rows and columns and changes nothing', async ({ page }) => {
  const errors = watchErrors(page);
  const lines = await template(page);
  expect(lines).toHaveLength(287);
  expect(lines[0]).toContain('Mã xã,Tên đơn vị,Nhân khẩu,Số hộ');
  setCell(lines, 2, 0, '99999');
  setCell(lines, 3, 3, '-5');
  setCell(lines, 4, 4, '999999');
  setCell(lines, 5, 11, 'có');
  setCell(lines, 7, 6, 'abc');
  const before = await page.locator('table.districts').innerText();
  await page.locator('#import-communes').setInputFiles({ name: 'ra-soat-loi.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + lines.join('\r\n')) });
  const report = page.locator('#import-report');
  await expect(report).toContainText('“ra-soat-loi.csv”: 6 lỗi; chưa áp dụng gì');
  const rows = report.locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(rows.nth(0)).toContainText('2');
  await expect(rows.nth(0)).toContainText('Mã xã');
  await expect(rows.nth(0)).toContainText('không có xã mã “99999”');
  await expect(report).toContainText('số âm “-5”');
  await expect(report).toContainText('hộ nghèo nhiều hơn số hộ');
  await expect(report).toContainText('“có” phải là 1 hoặc 0');
  await expect(report).toContainText('“abc” không phải số nguyên');
  await expect(report).toContainText('thiếu dòng cho');
  await page.screenshot({ path: path.join(artifacts, 'import-errors-vi.png'), fullPage: false });
  await expect(page.locator('#data-source')).toContainText('số liệu tích hợp sẵn');
  expect(await page.locator('table.districts').innerText()).toBe(before);
  expect(errors).toEqual([]);
});

test('a clean commune file changes the figures on every screen, and exports and links say so', async ({ page, browser }) => {
  const errors = watchErrors(page);
  const lines = await template(page);
  // Every xã of the first district gets 30 more poor-by-income households.
  for (let r = 2; r <= 30; r++) {
    const cells = lines[r - 1].split(',');
    cells[4] = String(Number(cells[4]) + 30);
    lines[r - 1] = cells.join(',');
  }
  await page.goto('/allocation');
  const p3aBefore = await page.locator('tr[data-program="p3a"]').innerText();
  await page.goto('/data');
  const before = await page.locator('table.districts tbody tr').first().innerText();
  await page.locator('#import-communes').setInputFiles({ name: 'ra-soat-2018.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
  await expect(page.locator('#data-source')).toContainText('Đang dùng số liệu các xã nhập từ tệp “ra-soat-2018.csv”');
  await expect(page.locator('#import-report')).toHaveCount(0);
  await expect.poll(() => page.locator('table.districts tbody tr').first().innerText()).not.toBe(before);
  await expect(page.locator('aside.note')).toContainText('ra-soat-2018.csv');
  // The allocation follows the new counts (the livelihood line weighs poor households).
  await page.goto('/allocation');
  await expect(page.locator('tr[data-program="p3a"]')).not.toHaveText(p3aBefore);
  // A reload keeps the imported figures.
  await page.reload();
  await page.goto('/data');
  await expect(page.locator('#data-source')).toContainText('ra-soat-2018.csv');
  // The proposal says where the figures come from.
  await page.goto('/proposal');
  await expect(page.locator('.form-subtitle')).toContainText('NHẬP TỪ TỆP “ra-soat-2018.csv”');
  // A link made on these figures tells a recipient without the file to load it.
  await page.getByRole('button', { name: 'Sao chép liên kết' }).click();
  const link = await page.locator('.share-url').inputValue();
  const other = await browser.newPage();
  await other.goto(link);
  await expect(other.locator('.notice.problem')).toContainText('hãy nạp cùng tệp số liệu với người gửi (tệp số liệu xã “ra-soat-2018.csv”');
  await other.close();
  // Back to the built-in figures.
  await page.goto('/data');
  await page.getByRole('button', { name: 'Quay lại số liệu tích hợp sẵn' }).click();
  await expect(page.locator('#data-source')).toContainText('số liệu tích hợp sẵn');
  await expect.poll(() => page.locator('table.districts tbody tr').first().innerText()).toBe(before);
  expect(errors).toEqual([]);
});

test('a commune file saved as Excel is read and checked the same way', async ({ page }) => {
  const errors = watchErrors(page);
    const bin = path.join(root, 'target', 'debug', 'gnbv');
  const { execFileSync } = require('child_process');
  if (!fs.existsSync(bin)) execFileSync('cargo', ['build', '-q', '-p', 'gnbv-engine'], { cwd: root, stdio: 'inherit' });
  const xlsx = path.join(artifacts, 'mau-so-lieu-xa.xlsx');
  execFileSync(bin, ['template', '--out', xlsx], { cwd: root });
  await page.goto('/data');
  // A workbook that is not a commune file: the missing columns are listed, nothing changes.
  const proposal = path.join(artifacts, 'not-a-commune-file.xlsx');
  fs.writeFileSync(path.join(artifacts, 'default-scenario.json'), execFileSync(bin, ['scenario', 'default'], { cwd: root }));
  execFileSync(bin, ['export', '--scenario', path.join(artifacts, 'default-scenario.json'), '--format', 'xlsx', '--out', proposal], { cwd: root });
  await page.locator('#import-communes').setInputFiles(proposal);
  await expect(page.locator('#import-report')).toContainText('thiếu cột này ở dòng tiêu đề');
  await expect(page.locator('#data-source')).toContainText('số liệu tích hợp sẵn');
  // The template, as Excel: clean.
  await page.locator('#import-communes').setInputFiles(xlsx);
  await expect(page.locator('#data-source')).toContainText('“mau-so-lieu-xa.xlsx”');
  await expect(page.locator('#import-report')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the commune file carries the Day for the Poor funds: they decide where the funds may be spent', async ({ page }) => {
  const errors = watchErrors(page);
  const lines = await template(page);
  expect(lines[0]).toContain('Hộ chính sách xã hội (hỗ trợ tiền điện),Quỹ Vì người nghèo cấp xã (đồng),Quỹ Vì người nghèo cấp huyện (đồng)');
  // The built-in balances are shown, marked illustrative.
  const funds = page.locator('section.local-funds');
  await expect(funds).toContainText('số liệu minh họa');
  await expect(funds.locator('tbody tr').first()).toContainText('364.082.000');
  // One row of a district giving another district fund than the district's other rows.
  const differing = [...lines];
  setCell(differing, 2, 14, '1');
  await page.locator('#import-communes').setInputFiles({ name: 'quy-lech.csv', mimeType: 'text/csv', buffer: Buffer.from(differing.join('\r\n')) });
  await expect(page.locator('#import-report')).toContainText('quỹ của huyện này đã ghi khác ở dòng 2');
  await expect(page.locator('#data-source')).toContainText('số liệu tích hợp sẵn');
  // Every district fund at zero: the districts hold nothing, and the plan says so.
  for (let r = 2; r <= lines.length; r++) setCell(lines, r, 14, '0');
  await page.locator('#import-communes').setInputFiles({ name: 'quy-huyen-0.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
  await expect(page.locator('#data-source')).toContainText('quy-huyen-0.csv');
  await expect(funds.locator('tbody tr').first()).toContainText('0 ₫');
  await page.goto('/funding');
  await expect(page.locator('.hint.held-locally').first()).toContainText('chỉ chi tại nơi giữ quỹ');
  await expect(page.locator('body')).toContainText('bộ dữ liệu không có số dư quỹ của huyện, xã nào');
  await page.screenshot({ path: path.join(artifacts, 'local-funds-zero-vi.png'), fullPage: false });
  await page.goto('/data');
  await page.getByRole('button', { name: 'Quay lại số liệu tích hợp sẵn' }).click();
  await expect(funds.locator('tbody tr').first()).toContainText('364.082.000');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(funds).toContainText('Day for the Poor funds and social-policy households by district');
  await page.screenshot({ path: path.join(artifacts, 'local-funds-en.png'), fullPage: true });
  expect(errors).toEqual([]);
});
