import { test, expect, Page } from '@playwright/test';
import * as path from 'path';

// axe-core is injected as an inline script, which the app's Content-Security-Policy rightly
// refuses; these tests check accessibility and layout, the others run under the policy.
test.use({ bypassCSP: true });

const axePath = require.resolve('axe-core/axe.min.js');

/** Runs axe-core on the page and returns the serious and critical violations. */
async function audit(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    // @ts-ignore axe is injected above
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join('; ')}`);
  });
  return violations;
}

const screens: [string, string][] = [
  ['/', 'table.scorecard tbody tr'],
  ['/funding', 'input.amount'],
  ['/allocation', 'table.matrix tbody tr'],
  ['/outcomes', 'table.outcomes tbody tr.district'],
  ['/data', 'table.districts tbody tr.district'],
  ['/scenarios', 'table.library tbody tr'],
  ['/proposal', '#proposal-summary tbody tr'],
  ['/monitoring', '#actuals-template'],
];

for (const lang of ['vi', 'en']) {
  test(`no serious or critical accessibility violations on any screen (${lang})`, async ({ page }) => {
    test.setTimeout(120_000); // eight screens, each audited whole
    await page.goto('/data');
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    for (const [url, ready] of screens) {
      await page.goto(url);
      await expect(page.locator(ready).first()).toBeVisible({ timeout: 30_000 });
      if (url === '/allocation') {
        // Audit the drill-down panel and its forms too.
        await page.locator('tr[data-program="p3a"] button.cell').first().click();
        await expect(page.locator('.drill-panel')).toBeVisible();
      }
      const started = Date.now();
      expect(await audit(page), `${url} (${lang})`).toEqual([]);
      console.log(`axe on ${url} (${lang}): ${Date.now() - started} ms`);
    }
  });
}

test('screenshots of every screen in both languages, and the print layout', async ({ page }) => {
  test.setTimeout(120_000); // the projection of both years, in each language
  const artifacts = path.join(__dirname, '..', 'artifacts');
  for (const lang of ['vi', 'en']) {
    await page.goto('/data');
    await page.getByRole('button', { name: lang === 'vi' ? 'Tiếng Việt' : 'English' }).click();
    for (const [url, ready] of screens) {
      await page.goto(url);
      await expect(page.locator(ready).first()).toBeVisible({ timeout: 30_000 });
      const name = url === '/' ? 'overview' : url.slice(1);
      await page.screenshot({ path: path.join(artifacts, `screen-${name}-${lang}.png`), fullPage: true });
    }
  }
  // Printing: no navigation or buttons, the content in black on white.
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('nav.screens')).toBeHidden();
  await expect(page.locator('.simulation')).toBeHidden();
  await expect(page.locator('button.csv').first()).toBeHidden();
  await page.screenshot({ path: path.join(artifacts, 'print-overview-en.png'), fullPage: true });
});

test('every screen works on a 360 px phone without the page scrolling sideways', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  for (const [url, ready] of screens) {
    await page.goto(url);
    await expect(page.locator(ready).first()).toBeVisible({ timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, url).toBeLessThanOrEqual(0); // wide tables scroll inside their own regions
  }
  await page.close();
});

test('the overview prints to a PDF', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('table.scorecard tbody tr')).toHaveCount(9, { timeout: 30_000 });
  const pdf = await page.pdf({ format: 'A4', path: path.join(__dirname, '..', 'artifacts', 'overview-print.pdf') });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(20_000);
});
