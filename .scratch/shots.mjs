import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3777';
const token = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [name, viewport, lang] of [['tablet-zh', { width: 820, height: 1180 }, 'zh-Hans'], ['phone-en', { width: 390, height: 844 }, 'en']]) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => r.status() >= 400 && errors.push(r.status() + ' ' + r.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${base}/lang/${lang}?back=/login`);
  await page.fill('input[name=token]', token);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('form[action="/login"] button[type=submit]')]);
  await page.goto(`${base}/board`);
  await page.screenshot({ path: `/tmp/shot-${name}-board.png`, fullPage: false });
  await page.goto(`${base}/front-desk`).catch(() => {});
  await page.screenshot({ path: `/tmp/shot-${name}-desk.png`, fullPage: false });
  console.log(name, page.url(), 'errors:', errors);
  await context.close();
}
await browser.close();
