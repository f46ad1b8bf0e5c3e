import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { artifacts, watchErrors, root, gnbv } from './common';

test('the Excel download from the proposal screen is the same file as the CLI makes', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  // An edited scenario: more money for the Day-for-the-Poor fund.
  await page.goto('/funding');
  const amount = page.locator('#amount-donations');
  await amount.fill('3 tỷ');
  await amount.press('Enter');
  await page.goto('/proposal');
  await expect(page.locator('#proposal-summary tbody tr').first()).toBeVisible();
  // No projection yet: the download runs it first.
  await expect(page.locator('.proposal')).toContainText('Chưa có dự báo kết quả cho kịch bản này.');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 90_000 }),
    page.locator('#export-xlsx').click(),
  ]);
  expect(download.suggestedFilename()).toBe('du-toan-gnbv-2019.xlsx');
  const fromApp = path.join(artifacts, 'du-toan-app.xlsx');
  await download.saveAs(fromApp);
  // The same scenario through the CLI: exported as JSON from the app, then `gnbv export`.
  await page.goto('/scenarios');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất JSON' }).first().click()]);
  const scenario = path.join(artifacts, 'du-toan-scenario.json');
  await json.saveAs(scenario);
  const fromCli = path.join(artifacts, 'du-toan-cli.xlsx');
  gnbv(['export', '--scenario', scenario, '--format', 'xlsx', '--out', fromCli, '--base-url', baseURL!]);
  const a = fs.readFileSync(fromApp);
  const b = fs.readFileSync(fromCli);
  expect(a.length).toBeGreaterThan(20_000);
  expect(a.equals(b), 'byte-identical workbooks').toBe(true);
  expect(errors).toEqual([]);
});

test('the proposal screen shows the forms tables, prints cleanly, and downloads each table as CSV', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/proposal');
  const summary = page.locator('#proposal-summary');
  await expect(summary.locator('tr.total')).toContainText('TỔNG CỘNG');
  await expect(summary.locator('thead')).toContainText('Ngân sách địa phương');
  await expect(summary.locator('thead')).toContainText('Nhân dân đóng góp');
  await expect(page.locator('#proposal-districts tbody tr')).toHaveCount(10);
  await expect(page.locator('.form-header')).toContainText('Độc lập - Tự do - Hạnh phúc');
  await expect(page.locator('.form-subtitle')).toContainText('MINH HỌA');
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('details.csv-files summary').click().then(() => page.getByRole('button', { name: 'theo-huyen.csv' }).click()),
  ]);
  const file = path.join(artifacts, 'theo-huyen.csv');
  await csv.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(bytes.toString('utf8')).toContain('Thành phố Thái Bình');
  // Print: tools hidden, tables kept; a PDF comes out.
  await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
  await expect(page.locator('#proposal-targets tbody tr')).toHaveCount(9, { timeout: 60_000 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.proposal-tools')).toBeHidden();
  await expect(page.locator('nav.screens')).toBeHidden();
  await expect(summary).toBeHidden(); // on paper it is printed in parts
  await expect(page.locator('#proposal-summary-part-1')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'print-proposal-vi.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', landscape: true, path: path.join(artifacts, 'proposal-print.pdf') });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(summary.locator('tr.total')).toContainText('TOTAL');
  await page.screenshot({ path: path.join(artifacts, 'screen-proposal-en.png'), fullPage: true });
  expect(errors).toEqual([]);
});

/** The text of a PDF, page by page (poppler's pdftotext, installed by `make test`'s set-up). */
function pdfPages(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
}

for (const lang of ['vi', 'en'] as const) {
  test(`the printed proposal (${lang}): the form's header first, no app chrome, every table whole on A4 landscape, totals in figures and words`, async ({ page }) => {
    test.setTimeout(90_000);
    const errors = watchErrors(page);
    // The printable width of A4 landscape with 12 mm margins: 273 mm = 1,032 CSS pixels.
    await page.setViewportSize({ width: 1032, height: 900 });
    await page.goto('/proposal');
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    // In English the projection has run; in Vietnamese it has not, and the form says so in a line.
    if (lang === 'en') {
      await page.getByRole('button', { name: 'Run the simulation' }).click();
      await expect(page.locator('#proposal-targets tbody tr')).toHaveCount(9, { timeout: 60_000 });
    }
    // The form is drawn once the allocation has been computed: wait for it, then read it.
    await expect(page.locator('#proposal-districts tbody tr')).toHaveCount(10, { timeout: 30_000 }); // 8 districts, province level, total
    const districtTotals = await page.locator('#proposal-districts tbody tr td:last-child').allInnerTexts();
    expect(districtTotals).toHaveLength(10);
    const grandTotal = await page.locator('#proposal-summary tr.total td.num').first().innerText();
    const inWords = await page.locator('#proposal-in-words').innerText();
    expect(inWords).toMatch(lang === 'vi' ? /^Bằng chữ: Một nghìn không trăm .* đồng\.$/ : /^In words: One trillion, .* dong\.$/);

    await page.emulateMedia({ media: 'print' });
    // No navigation, button or app header on paper.
    await expect(page.locator('nav, button, .app-header').filter({ visible: true })).toHaveCount(0);
    // Every cell of every table ends inside the printable width.
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('.proposal table')]
        .flatMap((t) => [...t.querySelectorAll('th, td')])
        .filter((c) => (c as HTMLElement).offsetParent !== null)
        .map((c) => ({ text: (c.textContent ?? '').trim().slice(0, 40), right: c.getBoundingClientRect().right }))
        .filter((c) => c.right > width + 0.5);
    });
    expect(overflow).toEqual([]);
    // The wide tables are printed in parts, each repeating the identifying columns, with the
    // total last.
    const wide = [
      ['proposal-summary-part', lang === 'vi' ? ['STT', 'Nội dung', 'Tổng kinh phí'] : ['No.', 'Item', 'Total']],
      ['proposal-districts-part', lang === 'vi' ? ['Mã', 'Huyện, thành phố', 'Tổng cộng'] : ['Code', 'District', 'Total']],
    ] as const;
    for (const [prefix, [first, second, total]] of wide) {
      const parts = page.locator(`.proposal table[id^="${prefix}"]`);
      const n = await parts.count();
      expect(n).toBeGreaterThan(1);
      for (let k = 0; k < n; k++) {
        await expect(parts.nth(k).locator('thead th').nth(0)).toHaveText(first);
        await expect(parts.nth(k).locator('thead th').nth(1)).toHaveText(second);
      }
      await expect(parts.last().locator('thead tr').first().locator('th').last()).toHaveText(total);
    }
    await page.screenshot({ path: path.join(artifacts, `print-proposal-${lang}.png`), fullPage: true });

    const file = path.join(artifacts, `proposal-print-${lang}.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
    const pages = pdfPages(file);
    console.log(`printed proposal (${lang}): ${pages.length} pages of A4 landscape`);
    // The first thing on paper is the official header block.
    expect(pages[0].trim().startsWith(lang === 'vi' ? 'UBND TỈNH THÁI BÌNH' : "PEOPLE'S COMMITTEE OF THÁI BÌNH")).toBe(true);
    // The summary starts on the first page, under the header (no page left blank).
    expect(pages[0]).toContain(lang === 'vi' ? 'TỔNG CỘNG' : 'TOTAL');
    const text = pages.join('\n');
    for (const total of [...districtTotals, grandTotal]) expect(text).toContain(total);
    expect(text.replace(/\s+/g, ' ')).toContain(inWords.replace(/\s+/g, ' '));
    // Page numbers in the footer.
    pages.forEach((p, i) => expect(p).toContain(`${lang === 'vi' ? 'Trang' : 'Page'} ${i + 1}/${pages.length}`));
    if (lang === 'vi') expect(text).toContain('Chưa có dự báo kết quả cho kịch bản này.');
    else expect(text).toContain('Probability met');
    expect(errors).toEqual([]);
  });
}
