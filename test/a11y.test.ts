/**
 * Accessibility: axe-core's WCAG 2.0/2.1 A and AA rules on every screen, at desktop and tablet
 * sizes and in every language, with no serious or critical violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueries } from '../server/read/queries';
import { langs } from '../server/pages/i18n';
import { loggedIn, seriousViolations, startStage, freshPage, type Stage } from './support/browser';

let stage: Stage;
let casePaths: Record<string, string>;

beforeAll(async () => {
  stage = await startStage();
  const { items } = (await createQueries(stage.database.db, () => new Date()).listCases({ limit: 200 }))!;
  const first = (predicate: (c: (typeof items)[number]) => boolean) => `/cases/${items.find(predicate)!.id}`;
  casePaths = {
    'a work order to sign': first((c) => c.state === 'sign'),
    'a work order being repaired': first((c) => c.step === 'repair'),
    'a work order settling': first((c) => c.step === 'settle'),
    'a finished work order': first((c) => c.status === 'done' && c.type === 'work-order'),
    'a new complaint': first((c) => c.type === 'complaint' && c.state === 'received'),
  };
  const signing = first((c) => c.state === 'sign');
  casePaths['a print view'] = `${signing}/print`;
}, 120_000);

afterAll(async () => {
  await stage?.stop();
});

describe.each(['desktop', 'tablet'] as const)('axe on the %s', (viewport) => {
  it.each(langs)('finds no serious or critical violation on any screen in %s', async (lang) => {
    const found: Record<string, unknown> = {};
    const check = async (page: Awaited<ReturnType<typeof freshPage>>, name: string, path: string) => {
      await page.goto(`${stage.base}${path}`);
      const violations = await seriousViolations(page);
      if (violations.length) found[name] = violations;
    };
    const anonymous = await freshPage(stage, viewport, { bypassCSP: true });
    await anonymous.goto(`${stage.base}/lang/${lang}?back=/login`);
    await check(anonymous, 'login', '/login');
    for (const role of ['manager', 'advisor', 'qa', 'technician', 'cashier']) {
      const page = await loggedIn(stage, role, viewport, { bypassCSP: true });
      await page.goto(`${stage.base}/lang/${lang}?back=/`);
      await check(page, `${role}'s landing`, '/');
      if (role === 'manager') for (const [name, path] of Object.entries(casePaths)) await check(page, name, path);
      await page.context().close();
    }
    await anonymous.context().close();
    expect(found).toEqual({});
  }, 120_000);
});
