/** @jsxImportSource hono/jsx */
/**
 * `/sign/:token`: the page a customer opens on their own phone, without a token. It shows what is
 * to be signed (the event's document) above a signature pad; the page posts the signature as
 * JSON to the same URL (server/api/customerLinks.ts).
 */
import { Hono } from 'hono';
import { findProcess, inLang } from '../../../machines/index.js';
import { errorStatus } from '../../api/errors.js';
import type { PageDependencies } from '../render.js';
import { render } from '../render.js';
import { eventName, t } from '../i18n.js';
import { languageOf, type PageEnv } from '../session.js';
import { RecordBlocks } from '../shown.js';
import { LinkGonePage, SignPage } from '../sign.js';

export function signingPages({ links }: PageDependencies) {
  return new Hono<PageEnv>().get('/sign/:token', async (c) => {
    const lang = languageOf(c);
    // The link is a secret: never sent on to another site, never kept by a shared cache.
    c.header('Referrer-Policy', 'no-referrer');
    const opened = await links.open(c.req.param('token'));
    if (!opened.ok) {
      const title = t(lang, 'linkGoneTitle');
      return render(c, errorStatus[opened.refusal.code], { lang, title }, <LinkGonePage lang={lang} message={opened.refusal.message} />);
    }
    const { view, event } = opened.value;
    const definition = findProcess(view.type, view.definitionVersion)!;
    const declared = definition.events[event]!;
    const blocks = declared.document?.(view.context) ?? [];
    const signer = (declared.formDefaults?.(view.context, { actor: { id: 'customer', name: '', role: 'customer' }, now: new Date() }) ?? {}) as {
      customerSignature?: { signedBy?: string };
    };
    const title = `${eventName(lang, definition, event)} · ${view.number}`;
    return render(
      c,
      200,
      { lang, title },
      <SignPage
        lang={lang}
        title={`${inLang(definition.title, lang)} ${view.number}`}
        document={<RecordBlocks lang={lang} blocks={blocks} />}
        signedBy={signer.customerSignature?.signedBy ?? ''}
        expiresAt={opened.value.expiresAt}
      />,
    );
  });
}
