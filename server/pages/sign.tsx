/** @jsxImportSource hono/jsx */
/**
 * The page a customer opens on their own phone: what they are asked to sign, directly above
 * the pad, and one button. The page sends JSON `{customerSignature}` to its own URL (the
 * contract's link) and says plainly whether it was recorded.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { t, type Lang } from './i18n.js';
import { Notice } from './layout.js';
import { SignaturePad } from './signature.js';

export interface SignPageProps {
  lang: Lang;
  /** What the customer is signing, e.g. "Estimate, revision 2 — WO-000012". */
  title: string;
  document: Child;
  signedBy: string;
  expiresAt: string;
}

export function SignPage(props: SignPageProps) {
  const { lang } = props;
  return (
    <section class="customer-sign">
      <h1>{props.title}</h1>
      <div class="document">{props.document}</div>
      <form method="post" class="sign-form" data-json-sign>
        <SignaturePad lang={lang} name="customerSignature" id="f-customerSignature" legend={t(lang, 'yourSignature')} signedBy={props.signedBy} strokes="" />
        <p class="hint">{t(lang, 'signAgreement')}</p>
        <div class="form-actions">
          <button type="submit">{t(lang, 'signAndSend')}</button>
        </div>
        <div class="sign-outcome" role="status" aria-live="polite" data-sign-outcome data-done={t(lang, 'signedDone')} data-failed={t(lang, 'signFailed')}></div>
      </form>
    </section>
  );
}

/** A link that is used, expired or superseded: nothing to sign. */
export function LinkGonePage({ lang, message }: { lang: Lang; message: string }) {
  return (
    <section class="customer-sign">
      <h1>{t(lang, 'linkGoneTitle')}</h1>
      <Notice kind="error">{message}</Notice>
      <p>{t(lang, 'linkGoneHelp')}</p>
    </section>
  );
}

/** On the case page, under the form the customer signs: make a link for their phone, and show it with its QR code. */
export function LinkPanel(props: { lang: Lang; csrf: string; caseId: string; event: string; qr?: string; url?: string }) {
  const { lang } = props;
  return (
    <div class="link-panel" id="customer-link">
      <h3>{t(lang, 'signOnPhone')}</h3>
      {props.url && props.qr ? (
        <div class="link-made">
          <div class="qr-box">{raw(props.qr)}</div>
          <p>
            {t(lang, 'linkMade')}.{' '}
            <a href={props.url} class="signing-url" rel="noreferrer">
              {props.url}
            </a>
          </p>
        </div>
      ) : null}
      <form method="post" action={`/cases/${props.caseId}/customer-link`} class="inline-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="_event" value={props.event} />
        <button type="submit" class="secondary">
          {t(lang, 'makeLink')}
        </button>
      </form>
    </div>
  );
}
