/** @jsxImportSource hono/jsx */
/** `/recall` (QA and managers): every unit sold of a lot, serial, product or model, printable. */
import { Hono } from 'hono';
import { inLang, trilingual } from '../../../machines/index.js';
import { recallRoles } from '../../api/recall.js';
import { recallQueryShape, recallQuerySchema, type RecallItem } from '../../read/recall.js';
import { RecallPage, recallWords } from '../recall.js';
import { render, type PageDependencies } from '../render.js';
import type { PageEnv, requireSession } from '../session.js';

const onlyQa = trilingual('A recall is run by QA and managers.', '产品追回由质管员和经理执行。', '產品追回由質管員和經理執行。');

export function recallPages({ recall, clock }: PageDependencies, session: ReturnType<typeof requireSession>) {
  const pages = new Hono<PageEnv>();

  pages.get('/recall', session, async (c) => {
    const lang = c.get('lang');
    const actor = c.get('actor');
    const layout = { lang, title: inLang(recallWords.title, lang), actor, csrf: c.get('csrf'), active: '/recall' };
    if (!(recallRoles as readonly string[]).includes(actor.role)) {
      return render(c, 403, layout, <p class="notice error">{inLang(onlyQa, lang)}</p>);
    }
    // Empty boxes are not asked for; anything else goes through the API's own schema.
    const asked = Object.fromEntries(
      Object.keys(recallQueryShape.shape).flatMap((name) => {
        const value = (c.req.query(name) ?? '').trim();
        return value ? [[name, value]] : [];
      }),
    );
    if (Object.keys(asked).length === 0) return render(c, 200, layout, <RecallPage lang={lang} now={clock()} query={{}} />);
    const parsed = recallQuerySchema.safeParse(asked);
    if (!parsed.success) {
      return render(c, 400, layout, <RecallPage lang={lang} now={clock()} query={asked} problem={parsed.error.issues[0]?.message} />);
    }
    const items: RecallItem[] = await recall(parsed.data);
    return render(c, 200, layout, <RecallPage lang={lang} now={clock()} query={parsed.data} items={items} />);
  });

  return pages;
}
