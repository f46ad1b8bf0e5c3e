import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { artifacts, watchErrors } from './common';

const row = (page: Page, source: string) => page.locator(`tr[data-source="${source}"]`);
const cell = (page: Page, source: string, n: number) => row(page, source).locator('td').nth(n);

test('changing a source amount updates its balance; an invalid amount is refused; undo and redo', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/funding');
  const amount = page.locator('#amount-donations');
  await expect(amount).toHaveValue('2.000.000.000');
  // Columns after the name: kind, level, amount, committed, allocated, remaining.
  await expect(cell(page, 'donations', 5)).toHaveText('500.000');
  // Typed the Vietnamese way: 3 tỷ. The remaining money is now the unassigned billion and the leftover.
  await amount.fill('3 tỷ');
  await amount.press('Enter');
  await expect(amount).toHaveValue('3.000.000.000');
  await expect(cell(page, 'donations', 5)).toHaveText('1.000.500.000');
  await expect(page.locator('ul.diagnostics')).toContainText('chưa phân bổ cho chương trình nào');
  // Refused inline, state kept.
  await amount.fill('ba tỷ');
  await amount.press('Enter');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#amount-error-donations')).toContainText('Không đọc được số tiền');
  await expect(cell(page, 'donations', 5)).toHaveText('1.000.500.000');
  await amount.fill('-5');
  await amount.press('Enter');
  await expect(page.locator('#amount-error-donations')).toContainText('không được âm');
  // Undo and redo the one valid edit.
  await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(amount).toHaveValue('2.000.000.000');
  await expect(cell(page, 'donations', 5)).toHaveText('500.000');
  await page.getByRole('button', { name: /Làm lại/ }).click();
  await expect(amount).toHaveValue('3.000.000.000');
  // The same from the keyboard, outside a text field.
  await page.getByRole('heading', { level: 2 }).first().click();
  await page.keyboard.press('Control+z');
  await expect(amount).toHaveValue('2.000.000.000');
  await page.keyboard.press('Control+y');
  await expect(amount).toHaveValue('3.000.000.000');
  // A source that may no longer pay for a program its line uses: an error on that line.
  await row(page, 'vbsp_poor').locator('details.uses summary').click();
  await row(page, 'vbsp_poor').getByLabel('Tín dụng ưu đãi').uncheck();
  await expect(page.locator('ul.diagnostics li.error').filter({ hasText: 'không được dùng để chi cho “Tín dụng ưu đãi”' })).toHaveCount(1);
  await page.getByRole('link', { name: 'Phân bổ' }).click();
  const ineligible = page.locator('ul.diagnostics li').filter({ hasText: 'không được dùng để chi cho' });
  await ineligible.getByRole('button', { name: 'Xem ô' }).click();
  await expect(page.locator('#drill-heading')).toContainText('Tín dụng ưu đãi');
  await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(page.locator('ul.diagnostics li').filter({ hasText: 'không được dùng để chi cho' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Nguồn vốn' }).click();
  // Over-committing a source is an error that names it.
  const central = page.locator('#amount-central_program');
  await central.fill('10 tỷ');
  await central.press('Enter');
  await expect(page.locator('ul.diagnostics li.error').first()).toContainText('Ngân sách trung ương');
  await page.screenshot({ path: path.join(artifacts, 'funding-vi.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the overview runs the Monte Carlo with progress, shows the scorecard, and can be cancelled', async ({ page }) => {
  test.setTimeout(120_000); // four runs of both years
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.locator('progress')).toBeVisible();
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  await expect(page.locator('#projected-rate')).toContainText('%');
  await expect(page.locator('table.scorecard')).toContainText('Tỷ lệ hộ nghèo giảm');
  await expect(page.locator('.sim-status')).toContainText('200 lần mô phỏng');
  // When it was run, as dd/mm/yyyy hh:mm.
  await expect(page.locator('.sim-status')).toContainText(/chạy lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/);
  await page.screenshot({ path: path.join(artifacts, 'overview-vi.png'), fullPage: true });
  // A second run reuses the worker's households: the warm figure.
  await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
  await expect(page.locator('progress')).toHaveCount(0, { timeout: 30_000 });
  // A new run can be cancelled; the last result stays.
  await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
  await page.getByRole('button', { name: 'Dừng' }).click();
  await expect(page.locator('progress')).toHaveCount(0);
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9);
  // An edit re-runs the projection by itself (in the worker); until it is done the result is
  // marked as belonging to the previous scenario.
  await page.getByRole('link', { name: 'Nguồn vốn' }).click();
  const amount = page.locator('#amount-donations');
  await amount.fill('1 tỷ');
  await amount.press('Enter');
  await page.getByRole('link', { name: 'Tổng quan' }).click();
  await expect(page.locator('progress')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'chạy lại' })).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9);
  const measures = await page.evaluate(() => performance.getEntriesByName('gnbv-monte-carlo').map((e) => e.duration));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  console.log(`Monte Carlo (200 draws, 620,149 households) in a pool of ${Math.min(cores, 4)} workers, first run then warm: ${measures.map((m) => m.toFixed(0)).join(', ')} ms`);
  expect(errors).toEqual([]);
});

test('a pool of workers gives the same projection to the bit as one worker', async ({ page }) => {
  test.setTimeout(120_000); // four runs of both years
  const errors = watchErrors(page);
  const run = async (workers: string) => {
    await page.evaluate((n) => localStorage.setItem('gnbv.workers', n), workers);
    await page.reload();
    await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
    // A warm run, timed from the click to the scorecard.
    await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
    await expect(page.locator('progress')).toHaveCount(0, { timeout: 30_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName('gnbv-monte-carlo').map((e) => e.duration).pop());
    const fingerprint = await page.locator('table.scorecard').getAttribute('data-projection');
    return { ms, fingerprint, scorecard: await page.locator('table.scorecard').innerText() };
  };
  await page.goto('/');
  const one = await run('1');
  const three = await run('3');
  const two = await run('2');
  expect(one.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  expect(two.fingerprint).toBe(one.fingerprint);
  expect(three.fingerprint).toBe(one.fingerprint);
  expect(two.scorecard).toBe(one.scorecard);
  console.log(`Monte Carlo warm run, 200 draws: 1 worker ${one.ms?.toFixed(0)} ms, 2 workers ${two.ms?.toFixed(0)} ms, 3 workers ${three.ms?.toFixed(0)} ms`);
  await page.evaluate(() => localStorage.removeItem('gnbv.workers'));
  expect(errors).toEqual([]);
});

test('every screen is bookmarkable and works in English', async ({ page }) => {
  const errors = watchErrors(page);
  for (const [url, heading] of [['/funding', 'Nguồn vốn năm 2019'], ['/data', 'Tỉnh Thái Bình: số liệu cơ sở cuối năm 2018'], ['/', 'Tổng quan kế hoạch 2019']]) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText(heading);
  }
  await page.getByRole('button', { name: 'English' }).click();
  await page.goto('/funding');
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Funding envelope 2019');
  await expect(page.locator('#amount-donations')).toHaveValue('2,000,000,000');
  await page.screenshot({ path: path.join(artifacts, 'funding-en.png'), fullPage: true });
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  await page.screenshot({ path: path.join(artifacts, 'overview-en.png'), fullPage: true });
  await page.goto('/outcomes');
  await expect(page.locator('table.access tbody tr').first()).toContainText('Thái Bình province', { timeout: 30_000 });
  await page.goto('/data');
  await expect(page.locator('table.parameters tbody tr').first()).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'data-en.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('the Vietnamese screens hold no English sentence (notes, sources, problems, parameters)', async ({ page }) => {
  const errors = watchErrors(page);
  // Words only an English sentence has; two in one line of text is an English sentence.
  const english = new Set(['the', 'of', 'and', 'is', 'are', 'per', 'illustrative', 'not', 'found', 'households', 'from', 'with']);
  const found: string[] = [];
  for (const url of ['/', '/funding', '/allocation', '/outcomes', '/data', '/scenarios', '/proposal']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    if (url === '/') await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
    // Open every disclosure so that notes and sources are read too.
    await page.$$eval('details', (ds) => ds.forEach((d) => { (d as HTMLDetailsElement).open = true; }));
    const text = await page.locator('main').innerText();
    for (const line of text.split('\n')) {
      if (line.includes('http')) continue;
      const words = line.split(/[^\p{L}\p{N}]+/u).filter((w) => english.has(w.toLowerCase()));
      if (words.length >= 2) found.push(`${url}: ${line}`);
    }
  }
  expect(found).toEqual([]);
  expect(errors).toEqual([]);
});

test('every edit recomputes the allocation (the time is printed for the record, not asserted)', async ({ page }) => {
  await page.goto('/funding');
  const amount = page.locator('#amount-donations');
  for (const v of ['2,1 tỷ', '2,2 tỷ', '2,3 tỷ', '2,4 tỷ', '2,5 tỷ', '2,6 tỷ', '2,7 tỷ', '2,8 tỷ', '2,9 tỷ', '3 tỷ']) {
    await amount.fill(v);
    await amount.press('Enter');
  }
  await expect(amount).toHaveValue('3.000.000.000');
  const d = await page.evaluate(() => performance.getEntriesByName('gnbv-allocate').map((e) => e.duration));
  const sorted = [...d].sort((a, b) => a - b);
  console.log(`allocation recompute in the page: median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms over ${d.length} edits`);
  expect(d.length).toBeGreaterThanOrEqual(10);
});

test('outcomes per district and commune: before and after with bands, sortable, filter to new-rural misses', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/outcomes');
  const districts = page.locator('table.outcomes tbody tr.district');
  await expect(districts).toHaveCount(8, { timeout: 30_000 });
  await expect(districts.first()).toContainText('Thành phố Thái Bình');
  // Each row: before, after with P10–P90, change, near-poor before and after, exits, entries.
  await expect(districts.first().locator('td').nth(1)).toContainText(/\d,\d\d % \(\d,\d\d %–\d,\d\d %\)/);
  // Sort by the end-of-year rate, highest first.
  const header = page.locator('table.outcomes thead th').filter({ hasText: 'Tỷ lệ nghèo cuối năm' });
  await header.getByRole('button').click();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const parse = (s: string) => Number(s.split(' ')[0].replace(',', '.'));
  const after = (await page.locator('table.outcomes tr.district td:nth-of-type(2)').allInnerTexts()).map(parse);
  expect(after).toEqual([...after].sort((a, b) => b - a));
  // Service access of poor and near-poor households, by district and for the province.
  await expect(page.locator('table.access tbody tr')).toHaveCount(9);
  await expect(page.locator('table.access tbody tr').first()).toContainText('Tỉnh Thái Bình');
  await expect(page.locator('table.access thead')).toContainText('Bảo hiểm y tế');
  await expect(page.locator('table.access tbody tr').first().locator('td')).toHaveCount(5);
  // Why this number: the median and band of the draws, the baseline, the flows.
  await districts.first().locator('td').nth(1).getByRole('button').click();
  await expect(page.locator('.why-panel')).toContainText('Trung vị của 200 lần mô phỏng');
  await expect(page.locator('.why-panel')).toContainText('hộ thoát nghèo');
  // ... and what its borrowers did: credit is a loan, counted apart.
  await expect(page.locator('.why-panel')).toContainText(/Vay vốn \(trung vị\): [\d.]+ hộ vay trong năm; [\d.]+ hộ vay thoát nghèo/);
  // Expand a district to its communes.
  await page.getByRole('button', { name: 'Huyện Vũ Thư' }).click();
  await expect(page.locator('#outcome-communes-344 tr.commune')).toHaveCount(30);
  // Filter: only xã missing the criterion; every row shown is marked.
  await page.getByLabel('Chỉ hiện các xã chưa đạt tiêu chí hộ nghèo nông thôn mới').check();
  const shown = page.locator('table.outcomes tr.commune');
  await expect(shown.first()).toBeVisible();
  const n = await shown.count();
  expect(n).toBeGreaterThan(0);
  expect(await page.locator('table.outcomes tr.commune.misses').count()).toBe(n);
  await page.screenshot({ path: path.join(artifacts, 'outcomes-vi.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('allocation: drill into a cell, lock a commune with a reason, re-spread, problems link to their cell', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/allocation');
  const p3a = page.locator('tr[data-program="p3a"]');
  await expect(p3a).toBeVisible();
  const total = await p3a.locator('td.total').innerText();
  await page.getByRole('button', { name: 'Dự án 3a: Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế · Vũ Thư' }).click();
  const drill = page.locator('.drill-panel');
  await expect(drill.locator('tbody tr')).toHaveCount(30);
  // Lock 45 million (3 households of Project 3a) for xã Hồng Lý on the central line; a reason is required.
  const form = drill.locator('form.override-form');
  const communeSelect = form.locator('select').nth(1);
  await communeSelect.selectOption({ label: 'Xã Hồng Lý' });
  await form.getByLabel('Số tiền (đồng)').fill('45 triệu');
  await form.getByRole('button', { name: 'Cố định số tiền' }).click();
  await expect(form.locator('.field-error')).toContainText('Hãy ghi lý do');
  await form.getByLabel('Lý do').fill('Quyết định của UBND huyện');
  await form.getByRole('button', { name: 'Cố định số tiền' }).click();
  const locked = drill.locator('td.locked');
  await expect(locked).toHaveCount(1);
  await expect(locked).toContainText('45.000.000');
  await expect(drill.locator('ul.overrides li')).toContainText('Quyết định của UBND huyện');
  // Why this number: the locked cell says it is locked, with the reason.
  await locked.getByRole('button').click();
  await expect(drill.locator('.why-panel')).toContainText('Quyết định của UBND huyện');
  await drill.locator('tbody tr').filter({ hasText: 'Xã Đồng Thanh' }).locator('td').first().getByRole('button').click();
  await expect(drill.locator('.why-panel')).toContainText('Điểm của xã =');
  await expect(drill.locator('.why-panel')).toContainText('phần dư lớn nhất');
  // Every đồng of the program is still placed: the province total does not move.
  await expect(p3a.locator('td.total')).toHaveText(total);
  // Change a weight: other communes re-spread, the locked cell stays.
  const weight = drill.locator('.rule').first().getByLabel('Điểm/hộ cận nghèo');
  await weight.fill('2');
  await weight.press('Enter');
  await expect(drill.locator('td.locked')).toContainText('45.000.000');
  await expect(p3a.locator('td.total')).toHaveText(total);
  // Lock an amount for the town (thị trấn), which the rural-only rule does not reach: a warning that links to the cell.
  await communeSelect.selectOption({ label: 'Thị trấn Vũ Thư' });
  await form.getByLabel('Số tiền (đồng)').fill('10 triệu');
  await form.getByLabel('Lý do').fill('Thử');
  await form.getByRole('button', { name: 'Cố định số tiền' }).click();
  const problem = page.locator('ul.diagnostics li').filter({ hasText: 'nằm ngoài phạm vi' });
  await expect(problem).toHaveCount(1);
  await drill.getByRole('button', { name: 'Đóng', exact: true }).click();
  await expect(drill).toHaveCount(0);
  await problem.getByRole('button', { name: 'Xem ô' }).click();
  await expect(page.locator('.drill-panel tr.pointed')).toContainText('Thị trấn Vũ Thư');
  await page.screenshot({ path: path.join(artifacts, 'allocation-vi.png'), fullPage: true });
  // Undo removes the last lock.
  await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(page.locator('ul.diagnostics li').filter({ hasText: 'nằm ngoài phạm vi' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('after the first visit the app works with the network cut, and it can be installed', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  // Wait until the service worker has cached the build and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
  expect(manifest.name).toBe('GNBV Planner');
  expect(manifest.icons.length).toBeGreaterThan(0);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Tổng quan kế hoạch 2019');
  await page.getByRole('link', { name: 'Nguồn vốn' }).click();
  await expect(page.locator('#amount-donations')).toHaveValue('2.000.000.000');
  // A bookmarked screen opened while offline, and the Monte Carlo worker, load from the cache.
  await page.goto('/outcomes');
  await expect(page.locator('table.outcomes tbody tr.district')).toHaveCount(8, { timeout: 30_000 });
  await context.setOffline(false);
});

test('charts are labelled SVG and each downloads its data as CSV', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  const charts = page.locator('figure.chart');
  await expect(charts).toHaveCount(2);
  for (const svg of await page.locator('figure.chart svg').all()) {
    await expect(svg).toHaveAttribute('role', 'img');
    expect(await svg.locator('title').count()).toBeGreaterThan(0);
  }
  const [flows] = await Promise.all([page.waitForEvent('download'), charts.nth(1).getByRole('button', { name: 'Tải số liệu (CSV)' }).click()]);
  expect(flows.suggestedFilename()).toBe('gnbv-fund-flows.csv');
  const text = fs.readFileSync(await flows.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('Từ,Đến,Số tiền (đồng)');
  expect(text).toContain('NHCSXH: cho vay hộ nghèo,Tín dụng ưu đãi,150000000000');
  await page.goto('/outcomes');
  await expect(page.locator('table.outcomes tbody tr.district')).toHaveCount(8, { timeout: 30_000 });
  await expect(page.locator('figure.chart')).toHaveCount(2);
  await expect(page.locator('svg.grid rect')).toHaveCount(286);
  const [grid] = await Promise.all([page.waitForEvent('download'), page.locator('figure.chart').nth(1).getByRole('button').click()]);
  const rows = fs.readFileSync(await grid.path(), 'utf8').trim().split('\r\n');
  // A header, 286 communes, a blank line and the population the figures describe.
  expect(rows.length).toBe(289);
  expect(rows[288]).toContain('Số liệu đang dùng: bộ số liệu có sẵn (minh họa, trừ số liệu công bố)');
  expect(errors).toEqual([]);
});

test('allocation: a demand rule\'s priority, commune order and unit cost can be edited', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/allocation');
  const row = page.locator('tr[data-program="water_sanitation"]');
  const before = await row.locator('td').nth(2).innerText(); // Hưng Hà
  await page.getByRole('button', { name: /Nước sạch và vệ sinh môi trường nông thôn · Hưng Hà/ }).click();
  const rule = page.locator('.drill-panel .rule').first();
  await expect(rule.locator('ol.priority li')).toHaveText([/^Hộ nghèo/, /^Hộ cận nghèo/]);
  await rule.getByRole('button', { name: 'Lên trước: Hộ cận nghèo' }).click();
  await expect(rule.locator('ol.priority li')).toHaveText([/^Hộ cận nghèo/, /^Hộ nghèo/]);
  await rule.getByLabel('Thứ tự xét các xã').selectOption('code');
  await expect(rule.getByLabel('Thứ tự xét các xã')).toHaveValue('code');
  await rule.getByLabel('Mức chi mỗi đối tượng').fill('25 triệu');
  await rule.getByLabel('Mức chi mỗi đối tượng').press('Enter');
  await expect(row.locator('td').nth(2)).not.toHaveText(before);
  for (let k = 0; k < 3; k++) await page.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(row.locator('td').nth(2)).toHaveText(before);
  expect(errors).toEqual([]);
});

test('an edit the scenario checks refuse says why, in the user language, and changes nothing', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/allocation');
  await page.getByRole('button', { name: 'Dự án 3a: Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế · Vũ Thư' }).click();
  const drill = page.locator('.drill-panel');
  const rule = drill.locator('.rule').first();
  const floor = rule.getByLabel('Mức tối thiểu/xã');
  const cap = rule.getByLabel('Mức tối đa/xã');
  await expect(cap).toHaveValue('150.000.000');
  const before = await page.locator('tr[data-program="p3a"]').innerText();
  // A floor above the cap: refused, with the field named; no undo step; the field shows the old value.
  await floor.fill('200 triệu');
  await floor.press('Enter');
  await expect(drill.locator('.field-error').first()).toContainText('Không áp dụng thay đổi này');
  await expect(drill.locator('.field-error').first()).toContainText('mức tối thiểu lớn hơn mức tối đa');
  await expect(drill.locator('.field-error').first()).toContainText('lines[0].rule.criteria.floor');
  await expect(page.getByRole('button', { name: 'Hoàn tác' })).toBeDisabled();
  expect(await page.locator('tr[data-program="p3a"]').innerText()).toBe(before);
  // After a reload the work is the same (the refused edit never reached the autosave).
  await page.reload();
  await page.getByRole('button', { name: 'Dự án 3a: Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế · Vũ Thư' }).click();
  await expect(page.locator('.drill-panel .rule').first().getByLabel('Mức tối thiểu/xã')).toHaveValue('0');
  // The same refusal in English.
  await page.getByRole('button', { name: 'English' }).click();
  const floorEn = page.locator('.drill-panel .rule').first().getByLabel('Floor per commune');
  await floorEn.fill('200 million');
  await floorEn.press('Enter');
  await expect(page.locator('.drill-panel .field-error').first()).toContainText('This change was not applied');
  await expect(page.locator('.drill-panel .field-error').first()).toContainText('the floor is above the cap');
  expect(errors).toEqual([]);
});
