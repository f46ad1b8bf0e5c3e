import { test, expect, Page, Browser } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { artifacts, watchErrors } from './common';

/** Sets the Day-for-the-Poor ("donations") amount on the Funding screen. */
async function setDonations(page: Page, text: string) {
  await page.goto('/funding');
  const amount = page.locator('#amount-donations');
  await amount.fill(text);
  await amount.press('Enter');
}

/** Waits until autosave has written the store (the Scenarios screen says so). */
async function autosaved(page: Page) {
  await expect.poll(async () => page.evaluate(() => localStorage.getItem('gnbv.store') ?? ''), { timeout: 5_000 })
    .toContain('"schema":1');
  await page.waitForTimeout(600); // past the debounce of the last edit
}

/** The text of every screen's main figures (not the Monte Carlo ones). */
async function figures(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await page.goto('/funding');
  out.funding = await page.locator('table.sources-table').innerText();
  out.fundingInputs = (await page.locator('input.amount').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).join('|');
  await page.goto('/allocation');
  out.allocation = await page.locator('table.matrix').innerText();
  return out;
}

/** The overview's scorecard after a Monte Carlo run. */
async function scorecard(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: /Chạy mô phỏng|Run the simulation/ }).click();
  await expect(page.locator('.sim-status')).toContainText(/lần mô phỏng|draws/, { timeout: 60_000 });
  return page.locator('table.scorecard').innerText();
}

async function copyLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: /Sao chép liên kết|Copy link/ }).click();
  await expect(page.locator('.share-panel')).toContainText(/Đã sao chép liên kết|Link copied/);
  return page.locator('.share-url').inputValue();
}

test('a copied link opens the same scenario with the same figures in a fresh browser', async ({ browser }) => {
  test.setTimeout(120_000); // two Monte Carlo runs
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await setDonations(page, '3 tỷ');
  await page.goto('/allocation');
  // Lock a commune's amount too, so the link carries an override.
  await page.getByRole('button', { name: 'Dự án 3a: Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế · Vũ Thư' }).click();
  const form = page.locator('.drill-panel form.override-form');
  await form.locator('select').nth(1).selectOption({ label: 'Xã Hồng Lý' });
  await form.getByLabel('Số tiền (đồng)').fill('50 triệu');
  await form.getByLabel('Lý do').fill('Quyết định của UBND huyện');
  await form.getByRole('button', { name: 'Cố định số tiền' }).click();
  await expect(page.locator('.drill-panel td.locked')).toHaveCount(1);
  const link = await copyLink(page);
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/allocation#s=5\.[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  const before = await figures(page);
  const scoreBefore = await scorecard(page);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherErrors = watchErrors(other);
  await other.goto(link.replace('/allocation#', '/funding#'));
  await expect(other.locator('.notice.info')).toContainText('Đã mở kịch bản từ liên kết');
  await expect(other).toHaveURL(/\/funding$/); // the fragment is consumed: reload gives the autosave
  await expect(other.locator('#amount-donations')).toHaveValue('3.000.000.000');
  await other.screenshot({ path: path.join(artifacts, 'link-opened-vi.png') });
  // Undo returns to the recipient's own work; redo to the link's.
  await other.getByRole('button', { name: /Hoàn tác/ }).click();
  await expect(other.locator('#amount-donations')).toHaveValue('2.000.000.000');
  await other.getByRole('button', { name: /Làm lại/ }).click();
  await expect(other.locator('#amount-donations')).toHaveValue('3.000.000.000');
  expect(await figures(other)).toEqual(before);
  expect(await scorecard(other)).toEqual(scoreBefore);
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
  await context.close();
  await fresh.close();
});

test('a bad link shows why in the current language and keeps the autosaved scenario', async ({ page }) => {
  const errors = watchErrors(page);
  await setDonations(page, '3 tỷ');
  await autosaved(page);
  const good = await (async () => {
    await page.getByRole('button', { name: /Sao chép liên kết/ }).click();
    return page.locator('.share-url').inputValue();
  })();
  const [, version, payload] = good.match(/#s=(\d+)\.(.*)$/)!;
  const flipped = payload.slice(0, 20) + (payload[20] === 'A' ? 'B' : 'A') + payload.slice(21);
  const cases: [string, RegExp][] = [
    [`/funding#s=${version}.${flipped}`, /sai mã kiểm tra/],
    [`/funding#s=${version}.${payload.slice(0, payload.length - 30)}`, /bị cắt cụt/],
    [`/funding#s=9.${payload}`, /phiên bản 9 chưa được hỗ trợ/],
    ['/funding#s=1.@@@', /ký tự không hợp lệ ở vị trí 1/],
  ];
  for (const [url, message] of cases) {
    await page.goto(url);
    const alert = page.locator('.notice.problem');
    await expect(alert).toContainText('Không mở được liên kết');
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('Kịch bản đang làm không thay đổi');
    await expect(page.locator('#amount-donations')).toHaveValue('3.000.000.000');
  }
  await page.screenshot({ path: path.join(artifacts, 'link-refused-vi.png') });
  // In English too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.goto(`/funding#s=${version}.${flipped}`);
  await expect(page.locator('.notice.problem')).toContainText('The link could not be opened: the link was altered or damaged (checksum mismatch)');
  await page.locator('.notice.problem').getByRole('button', { name: 'Close' }).click();
  await expect(page.locator('.notice.problem')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('work survives a reload; with storage off or full the app warns and keeps working', async ({ page, browser }) => {
  await setDonations(page, '4 tỷ');
  await autosaved(page);
  await page.reload();
  await expect(page.locator('#amount-donations')).toHaveValue('4.000.000.000');

  const blocked = await browser.newContext();
  await blocked.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  const p = await blocked.newPage();
  const errors = watchErrors(p);
  await setDonations(p, '5 tỷ');
  await expect(p.locator('.notice.problem')).toContainText('Bộ nhớ của trình duyệt đã đầy');
  await expect(p.locator('#amount-donations')).toHaveValue('5.000.000.000');
  await p.goto('/scenarios');
  await expect(p.locator('.autosave')).toContainText('Không lưu được');
  expect(errors).toEqual([]);
  await blocked.close();
});

test('library: save, rename, duplicate, delete, open; export and import JSON; a bad file is refused', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/scenarios');
  const name = page.locator('#save-name');
  await name.fill('Cơ sở');
  await page.getByRole('button', { name: 'Lưu vào thư viện' }).click();
  await expect(page.locator('tr.entry[data-name="Cơ sở"]')).toBeVisible();
  await setDonations(page, '3 tỷ');
  await page.goto('/scenarios');
  await name.fill('Đề xuất');
  await page.getByRole('button', { name: 'Lưu vào thư viện' }).click();
  // A taken name is refused on rename.
  const proposal = page.locator('tr.entry[data-name="Đề xuất"]');
  await proposal.getByRole('button', { name: 'Đổi tên' }).click();
  await proposal.getByLabel('Tên mới').fill('cơ sở');
  await proposal.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(proposal.locator('.field-error')).toHaveText('đã có kịch bản khác mang tên này');
  await proposal.getByLabel('Tên mới').fill('Đề xuất của Sở');
  await proposal.getByRole('button', { name: 'Lưu', exact: true }).click();
  const renamed = page.locator('tr.entry[data-name="Đề xuất của Sở"]');
  await expect(renamed).toBeVisible();
  await renamed.getByRole('button', { name: 'Nhân bản' }).click();
  const copy = page.locator('tr.entry[data-name="Đề xuất của Sở (bản sao)"]');
  await expect(copy).toBeVisible();
  await copy.getByRole('button', { name: 'Xóa' }).click();
  await expect(copy).toBeVisible(); // asks first
  await copy.getByRole('button', { name: 'Bấm lần nữa để xóa' }).click();
  await expect(copy).toHaveCount(0);
  await expect(page.locator('tr.entry')).toHaveCount(2);
  await page.screenshot({ path: path.join(artifacts, 'library-vi.png'), fullPage: true });

  // Open the baseline: the current scenario becomes it.
  await page.locator('tr.entry[data-name="Cơ sở"]').getByRole('button', { name: 'Mở' }).click();
  await page.goto('/funding');
  await expect(page.locator('#amount-donations')).toHaveValue('2.000.000.000');

  // Export the proposal as JSON: the CLI's scenario format.
  await page.goto('/scenarios');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    renamed.getByRole('button', { name: 'Xuất JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('de-xuat-cua-so.json');
  const file = path.join(artifacts, 'exported-scenario.json');
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(exported.version).toBe(2);
  expect(exported.dataset).toBe('thai-binh-2019');
  expect(exported.sources.find((s: any) => s.id === 'donations').amount).toBe(3_000_000_000);

  // A bad file is refused with the reason and the place; nothing changes.
  const bad = { ...exported, lines: exported.lines.map((l: any, i: number) => (i === 2 ? { ...l, amount: -1 } : l)) };
  await page.locator('.file-button input').setInputFiles({ name: 'hong.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.locator('#import-error')).toContainText('Không nhập được tệp “hong.json”');
  await expect(page.locator('#import-error')).toContainText('lines[2].amount');
  await page.locator('.file-button input').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, ') });
  await expect(page.locator('#import-error')).toContainText('không phải JSON hợp lệ');
  await page.goto('/funding');
  await expect(page.locator('#amount-donations')).toHaveValue('2.000.000.000');
  // The good file is imported.
  await page.goto('/scenarios');
  await page.locator('.file-button input').setInputFiles(file);
  await expect(page.locator('#import-error')).toHaveCount(0);
  await page.goto('/funding');
  await expect(page.locator('#amount-donations')).toHaveValue('3.000.000.000');
  // The library survives a reload.
  await autosaved(page);
  await page.goto('/scenarios');
  await page.reload();
  await expect(page.locator('tr.entry')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('comparison: two or three scenarios side by side with the changed cells marked', async ({ page }) => {
  test.setTimeout(120_000); // three Monte Carlo runs
  const errors = watchErrors(page);
  await page.goto('/scenarios');
  await page.locator('#save-name').fill('Cơ sở');
  await page.getByRole('button', { name: 'Lưu vào thư viện' }).click();
  // A proposal: 1.5 billion more from the central program for livelihoods (line p3a): 100
  // households at 15 million each, so all of it is placed.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất JSON' }).first().click()]);
  const file = path.join(artifacts, 'compare-base.json');
  await download.saveAs(file);
  const base = JSON.parse(fs.readFileSync(file, 'utf8'));
  const proposal = structuredClone(base);
  proposal.sources.find((s: any) => s.id === 'central_program').amount += 1_500_000_000;
  proposal.lines.find((l: any) => l.program === 'p3a' && l.source === 'central_program').amount += 1_500_000_000;
  await page.locator('.file-button input').setInputFiles({ name: 'de-xuat.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(proposal)) });
  await page.locator('#save-name').fill('Đề xuất');
  await page.getByRole('button', { name: 'Lưu vào thư viện' }).click();
  await expect(page.locator('tr.entry')).toHaveCount(2);
  await expect(page.locator('.compare')).toContainText('Chọn hai hoặc ba kịch bản');
  await page.getByLabel('So sánh: Cơ sở').check();
  await page.getByLabel('So sánh: Đề xuất').check();
  await page.getByLabel('So sánh: Kịch bản đang làm').check();
  // At most three.
  await expect(page.locator('tr.entry input[type=checkbox]:not(:checked), tr.current-row input[type=checkbox]:not(:checked)')).toHaveCount(0);

  const sources = page.locator('#compare-sources');
  await expect(sources.locator('thead th')).toHaveCount(4);
  await expect(sources.locator('thead')).toContainText('Gốc so sánh');
  const central = sources.locator('tbody tr', { hasText: 'Ngân sách trung ương' }).first();
  await expect(central.locator('td.changed')).toHaveCount(2); // proposal and current (= proposal)
  await expect(central.locator('td.changed').first()).toContainText('+1.500.000.000');
  await expect(sources.locator('tr.total td.changed')).toHaveCount(2);
  const donations = sources.locator('tbody tr', { hasText: 'Quỹ “Vì người nghèo” cấp tỉnh' }).first();
  await expect(donations.locator('td.changed')).toHaveCount(0);

  const programs = page.locator('#compare-programs');
  await expect(programs.locator('td.changed')).not.toHaveCount(0);
  await expect(programs.locator('tr.total td.changed').first()).toContainText('+1.500.000.000');

  const districts = page.locator('#compare-districts');
  await expect(districts.locator('tr.district td.changed')).not.toHaveCount(0);
  const first = districts.locator('tr.district').first();
  await first.getByRole('button').click();
  await expect(districts.locator('tr.commune').first()).toBeVisible();
  await expect(districts.locator('tr.commune td.changed')).not.toHaveCount(0);

  // Outcomes: each scenario projected in its own worker.
  await page.getByRole('button', { name: 'Chạy dự báo cho các kịch bản' }).click();
  const outcomes = page.locator('#compare-outcomes');
  await expect(outcomes.locator('tbody tr')).toHaveCount(10, { timeout: 60_000 });
  await expect(outcomes).not.toContainText('…', { timeout: 60_000 });
  await page.screenshot({ path: path.join(artifacts, 'compare-vi.png'), fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(sources.locator('thead')).toContainText('Baseline');
  await expect(outcomes).toContainText('Probability met');
  await page.screenshot({ path: path.join(artifacts, 'compare-en.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('stored work that can be neither read nor copied aside is never overwritten, and the user is told', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    // A damaged store from an earlier visit, and a browser that refuses to keep a copy of it.
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('gnbv.store', '{"schema":1, damaged');
      sessionStorage.setItem('seeded', '1');
    }
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'gnbv.store.damaged') throw new DOMException('full', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/funding');
  await expect(page.locator('.notice.problem')).toContainText('cũng không cất riêng ra được một bản sao');
  // Work goes on, but nothing is written over the stored work.
  const amount = page.locator('#amount-donations');
  await amount.fill('6 tỷ');
  await amount.press('Enter');
  await expect(amount).toHaveValue('6.000.000.000');
  await page.waitForTimeout(1_000); // past the autosave debounce
  expect(await page.evaluate(() => localStorage.getItem('gnbv.store'))).toBe('{"schema":1, damaged');
  expect(errors).toEqual([]);
  await context.close();
});
