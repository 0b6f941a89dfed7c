/** @jsxImportSource hono/jsx */
/** The login page: staff paste the token they were given. */
import { t, type Lang } from './i18n.js';
import { Notice } from './layout.js';

export function LoginPage({ lang, csrf, next, error }: { lang: Lang; csrf: string; next: string; error?: string }) {
  return (
    <section class="login panel">
      <h1>{t(lang, 'loginTitle')}</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="token">{t(lang, 'tokenLabel')}</label>
          <input type="password" id="token" name="token" autocomplete="current-password" required autofocus />
          <p class="hint">{t(lang, 'tokenHint')}</p>
        </div>
        <div class="form-actions">
          <button type="submit">{t(lang, 'login')}</button>
        </div>
      </form>
    </section>
  );
}
