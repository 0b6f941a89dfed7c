/**
 * The app served on a port over an embedded database holding the demo cases, and a headless
 * Chromium (Debian's `chromium`, driven by playwright-core) to look at it as staff would: one
 * fresh browser context per member, logged in through the login form.
 */
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../../server/app';
import { seedDemoCases } from '../../server/boot/demo';
import { seedDemoStaff } from '../../server/core/staff';
import { createTestDatabase, type TestDatabase } from './databases';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export const viewports = {
  desktop: { width: 1440, height: 900 },
  tablet: { width: 820, height: 1180 },
  phone: { width: 390, height: 844 },
} as const;
export type Viewport = keyof typeof viewports;

export interface Stage {
  base: string;
  browser: Browser;
  database: TestDatabase;
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

/** The app with its demo cases on a free port, and a browser. */
export async function startStage(): Promise<Stage> {
  const database = await createTestDatabase('pglite');
  const staff = (await seedDemoStaff(database.db))!;
  const tokens = Object.fromEntries(staff.map((s) => [s.member.role, s.token]));
  await seedDemoCases(database.db, staff.map((s) => s.member));
  const { app } = createApp({ database });
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return {
    base,
    browser,
    database,
    tokens,
    stop: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await database.drop();
    },
  };
}

export type WatchedPage = Page & { problems: string[] };

/** A fresh context (no cookies) whose script errors and CSP violations are collected. */
export async function freshPage(stage: Stage, viewport: Viewport = 'desktop', options: { bypassCSP?: boolean } = {}): Promise<WatchedPage> {
  const context = await stage.browser.newContext({ viewport: viewports[viewport], bypassCSP: options.bypassCSP, hasTouch: viewport !== 'desktop' });
  context.setDefaultTimeout(10_000);
  const page = (await context.newPage()) as WatchedPage;
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    // A refused form is answered 4xx, which Chromium notes; anything else (a script error, a
    // Content-Security-Policy violation) is a problem.
    if (message.type() === 'error' && !/status of (400|409|410)/.test(message.text())) page.problems.push(message.text());
  });
  return page;
}

/** A fresh page logged in with a role's token, on the role's own landing page. */
export async function loggedIn(stage: Stage, role: string, viewport: Viewport = 'desktop', options: { bypassCSP?: boolean } = {}): Promise<WatchedPage> {
  const page = await freshPage(stage, viewport, options);
  await page.goto(`${stage.base}/`);
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('#token', stage.tokens[role]!);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('form[action="/login"] button[type=submit]')]);
  return page;
}

const axeSource = createRequire(import.meta.url)('axe-core').source as string;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page as it stands: the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const scope = globalThis as any;
    const result = await scope.axe.run(scope.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n: any) => String(n.target)) }));
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Signs on the canvas of a signature pad inside `scope` as a customer would: a wave, by mouse or finger. */
export async function drawSignature(page: Page, scope: string) {
  const canvas = page.locator(`${scope} canvas.signature-pad`);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.08, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 14; i++) {
    await page.mouse.move(box.x + box.width * (0.08 + i * 0.055), box.y + box.height * (0.55 + 0.25 * Math.sin(i)), { steps: 2 });
  }
  await page.mouse.up();
  expect(await page.locator(`${scope} [data-signature]`).getAttribute('data-signed')).toBe('true');
}

/**
 * Types into the inputs of a form by their names: text and amounts are typed, a select takes the
 * option whose label is given, a checkbox is ticked by `true`.
 */
export async function fillForm(page: Page, scope: string, values: Record<string, string | boolean>) {
  for (const [name, value] of Object.entries(values)) {
    const control = page.locator(`${scope} [name="${name}"]`);
    const tag = await control.evaluate((el) => el.tagName.toLowerCase());
    const type = await control.getAttribute('type');
    if (tag === 'select') await control.selectOption({ label: String(value) });
    else if (type === 'checkbox') await control.setChecked(value === true);
    else await control.fill(String(value));
  }
}

/** Adds a row to the list editor `list` of a form and answers the new row's form-name prefix. */
export async function addRow(page: Page, scope: string, list: string): Promise<string> {
  const rows = page.locator(`${scope} fieldset[data-rows="${list}"] .row-list > .row-card`);
  const before = await rows.count();
  await page.click(`${scope} fieldset[data-rows="${list}"] [data-add-row]`);
  await expect.poll(() => rows.count()).toBe(before + 1);
  return `${list}.${await rows.last().getAttribute('data-row')}`;
}
