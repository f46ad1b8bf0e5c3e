import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { artifacts, gnbv, root, watchErrors } from './common';

// Execution: the commune's household plan on the Outcomes screen (the CLI's plan, sorted,
// filtered, the helper chosen and kept, CSV and Excel), and the Monitoring screen (the actuals
// template, a bad file refused with its rows, the fixture's report as the CLI computes it, the
// workbook), in both languages.

const groupVi = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gnbv-monitoring-'));
}

test('a commune’s household plan is the CLI’s; sorted, filtered, its helpers chosen and kept, downloaded', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const dir = tmp();
  const scenario = path.join(dir, 'default.json');
  fs.writeFileSync(scenario, gnbv(['scenario', 'default']));
  const code = '12436';
  const cli = JSON.parse(gnbv(['plan-households', '--scenario', scenario, '--commune', code, '--json']).toString()).plans[0];
  const cliCsv = path.join(dir, 'plan.csv');
  gnbv(['plan-households', '--scenario', scenario, '--commune', code, '--format', 'csv', '--out', cliCsv]);
  await page.goto('/outcomes');
  const panel = page.locator('#household-plan');
  await expect(panel.locator('#household-plan-heading')).toHaveText('Kế hoạch hỗ trợ đến từng hộ');
  await page.locator('#plan-commune').selectOption(code);
  await page.locator('#plan-open').click();
  await expect(page.locator('#plan-result')).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('#plan-population')).toContainText('MINH HỌA');
  const rows = page.locator('#plan-households tbody tr');
  const n = cli.households.length;
  expect(n).toBeGreaterThan(20);
  await expect(rows).toHaveCount(n);
  await expect(page.locator('#plan-count')).toHaveText(`Đang hiển thị ${n}/${n} hộ`);
  await expect(rows.first()).toHaveAttribute('data-household', cli.households[0].id);
  await expect(page.locator('#plan-coverage')).toContainText(groupVi(cli.coverage.households));
  await page.screenshot({ path: path.join(artifacts, 'household-plan-vi.png'), fullPage: false });

  // The CSV is the CLI's, byte for byte.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#plan-csv').click()]);
  expect(csv.suggestedFilename()).toBe(`ke-hoach-ho-${code}.csv`);
  const fromApp = path.join(dir, 'app.csv');
  await csv.saveAs(fromApp);
  expect(fs.readFileSync(fromApp).equals(fs.readFileSync(cliCsv))).toBe(true);
  // The printable workbook.
  const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.locator('#plan-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toBe(`ke-hoach-ho-${code}.xlsx`);
  const book = path.join(artifacts, `ke-hoach-ho-${code}.xlsx`);
  await xlsx.saveAs(book);
  expect(fs.statSync(book).size).toBeGreaterThan(5_000);

  // The district's roll-up: the CLI's.
  const district = JSON.parse(gnbv(['plan-households', '--scenario', scenario, '--district', String(cli.district), '--json']).toString()).rollup;
  await page.locator('#plan-district-summary').click();
  const rollup = page.locator('#plan-rollup tbody tr');
  await expect(rollup).toHaveCount(district.communes.length + 1, { timeout: 120_000 });
  await expect(rollup.last().locator('td').first()).toHaveText(groupVi(district.total.households));
  await expect(rollup.last().locator('td').nth(6)).toHaveText(groupVi(district.total.amount));

  // Filter by helper: the CLI's count.
  const youth = cli.households.filter((h: { helper: string }) => h.helper === 'youth_union').length;
  await page.locator('#plan-filter-helper').selectOption('youth_union');
  await expect(rows).toHaveCount(youth);
  await page.locator('#plan-filter-helper').selectOption('');
  await expect(rows).toHaveCount(n);
  // Sort by income: the poorest first.
  const poorest = [...cli.households].sort((a: { income: number }, b: { income: number }) => a.income - b.income)[0];
  await page.locator('#plan-households button.sort[data-column="Income"]').click();
  await expect(rows.first()).toHaveAttribute('data-household', poorest.id);

  // Choose a helper: one undo step, kept by the autosave, not in the link.
  const first = rows.first();
  const id = poorest.id;
  const other = poorest.helper === 'womens_union' ? 'farmers_union' : 'womens_union';
  await first.locator('select.helper').selectOption(other);
  await expect(first).toHaveClass(/chosen/);
  await expect.poll(async () => page.evaluate(() => localStorage.getItem('gnbv.store') ?? ''), { timeout: 5_000 })
    .toContain(`"${id}":"${other}"`);
  await page.reload();
  await page.locator('#plan-commune').selectOption(code);
  await page.locator('#plan-open').click();
  await expect(page.locator(`#plan-households tr[data-household="${id}"] select.helper`)).toHaveValue(other, { timeout: 120_000 });
  await expect(page.locator(`#plan-households tr[data-household="${id}"]`)).toHaveClass(/chosen/);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(panel.locator('#household-plan-heading')).toHaveText('Support plan for each household');
  await expect(page.locator('#plan-population')).toContainText('ILLUSTRATIVE');
  await expect(page.locator('#plan-count')).toHaveText(`Showing ${n} of ${n} households`);
  await page.screenshot({ path: path.join(artifacts, 'household-plan-en.png'), fullPage: false });
  expect(errors).toEqual([]);
});

test('the monitoring report: the template, a bad file refused row by row, the fixture’s report as the CLI’s, the workbook', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const dir = tmp();
  const scenario = path.join(dir, 'default.json');
  fs.writeFileSync(scenario, gnbv(['scenario', 'default']));
  const fixture = path.join(root, 'tests', 'fixtures', 'thuc-hien-2019.csv');
  const cli = JSON.parse(gnbv(['report', '--scenario', scenario, '--actuals', fixture, '--draws', '10', '--json']).toString());
  await page.goto('/monitoring');
  await expect(page.locator('#monitoring-heading')).toHaveText('Giám sát thực hiện: thực hiện so với kế hoạch');
  const [template] = await Promise.all([page.waitForEvent('download'), page.locator('#actuals-template').click()]);
  expect(template.suggestedFilename()).toBe('mau-so-thuc-hien.csv');
  const templateFile = path.join(dir, 'mau.csv');
  await template.saveAs(templateFile);
  expect(fs.readFileSync(templateFile, 'utf8')).toContain('Ngày báo cáo (năm-tháng-ngày)');

  // A bad file: every problem with its row and column; nothing used.
  const bad = path.join(dir, 'sai.csv');
  fs.writeFileSync(bad, 'reporting_date,commune_code,program,source,disbursed\n2019-06-30,12433,p3a,nope,5\n2019-13-01,12433,p4a,central_program,5\n');
  await page.locator('#actuals-file').setInputFiles(bad);
  const problems = page.locator('#actuals-problems');
  await expect(problems).toContainText('Tệp “sai.csv” có 2 lỗi');
  await expect(problems).toContainText('Dòng 2, cột “Mã chương trình”: kịch bản không có dòng phân bổ chương trình “p3a” từ nguồn “nope”');
  await expect(problems).toContainText('Dòng 3, cột “Ngày báo cáo (năm-tháng-ngày)”');
  await expect(page.locator('#monitoring-report')).toHaveCount(0);

  // An Excel file goes through the same checks (read in the export worker): the CLI's blank
  // template reports nothing yet.
  const blank = path.join(dir, 'mau.xlsx');
  gnbv(['actuals', 'template', '--out', blank, '--scenario', scenario]);
  await page.locator('#actuals-file').setInputFiles(blank);
  await expect(problems).toContainText('Tệp “mau.xlsx” có 1 lỗi', { timeout: 60_000 });
  await expect(problems).toContainText('tệp không có dòng nào ghi số thực hiện');

  // The fixture: the CLI's figures.
  await page.locator('#actuals-file').setInputFiles(fixture);
  await expect(page.locator('#monitoring-report')).toBeVisible();
  await expect(page.locator('#actuals-problems')).toHaveCount(0);
  await expect(page.locator('#monitoring-subtitle')).toContainText('2019-09-30');
  await expect(page.locator('#monitoring-disbursed')).toContainText(`${groupVi(cli.total.to_date)} / ${groupVi(cli.total.plan)}`);
  const first = page.locator('#monitoring-programs tbody tr').first();
  const [program] = cli.programs[0];
  await expect(first.locator('td').nth(1)).toHaveText(program.name);
  await expect(first.locator('td').nth(3)).toHaveText(groupVi(program.plan));
  await expect(first.locator('td').nth(5)).toHaveText(groupVi(program.to_date));
  await expect(page.locator('#monitoring-places tbody tr')).toHaveCount(1 + cli.districts.length + cli.communes.length + 1);
  await page.screenshot({ path: path.join(artifacts, 'monitoring-vi.png'), fullPage: false });
  const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.locator('#monitoring-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toBe('bao-cao-giam-sat-gnbv.xlsx');
  const book = path.join(artifacts, 'bao-cao-giam-sat-gnbv.xlsx');
  await xlsx.saveAs(book);
  expect(fs.statSync(book).size).toBeGreaterThan(10_000);

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('#monitoring-report h3')).toHaveText('PROGRESS OF THE SUSTAINABLE POVERTY-REDUCTION PROGRAM, 2019');
  await expect(page.locator('#monitoring-programs caption')).toHaveText('Progress by project, policy and source');
  await page.screenshot({ path: path.join(artifacts, 'monitoring-en.png'), fullPage: false });
  expect(errors).toEqual([]);
});
