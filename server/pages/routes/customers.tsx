/** @jsxImportSource hono/jsx */
/** `/customers` and `/customers/:id`: the customer file. */
import { Hono } from 'hono';
import { inLang } from '../../../machines/index.js';
import { CustomerFilePage, CustomersPage, customerWords } from '../customers.js';
import { t } from '../i18n.js';
import { labeller, render, type PageDependencies } from '../render.js';
import type { PageEnv, requireSession } from '../session.js';

export function customerPages({ customers }: PageDependencies, session: ReturnType<typeof requireSession>) {
  const pages = new Hono<PageEnv>();

  pages.get('/customers', session, async (c) => {
    const lang = c.get('lang');
    const q = (c.req.query('q') ?? '').trim().slice(0, 200).replace(/\u0000/g, '');
    const items = await customers.search({ q: q || undefined, limit: 100 });
    return render(
      c,
      200,
      { lang, title: inLang(customerWords.title, lang), actor: c.get('actor'), csrf: c.get('csrf'), active: '/customers' },
      <CustomersPage lang={lang} q={q} items={items} />,
    );
  });

  pages.get('/customers/:id', session, async (c) => {
    const lang = c.get('lang');
    const layout = { lang, title: inLang(customerWords.title, lang), actor: c.get('actor'), csrf: c.get('csrf'), active: '/customers' };
    const file = await customers.file(c.req.param('id'));
    if (!file) return render(c, 404, layout, <p class="empty">{t(lang, 'notFound')}</p>);
    return render(c, 200, { ...layout, title: file.name }, <CustomerFilePage lang={lang} file={file} labelOf={(type, state) => labeller(type, lang)(state)} />);
  });

  return pages;
}
