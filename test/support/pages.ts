/** The screens' login, as a browser does it: the login form's double-submit cookie, then the session cookie. */
import type { ApiClient } from './api';

type App = Pick<ApiClient['app'], 'request'>;

export const cookieOf = (response: Response, name: string) =>
  response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
export const cookieValue = (setCookie: string | undefined) => setCookie?.split(';')[0]!.split('=').slice(1).join('=');
export const csrfIn = (page: string) => page.match(/name="_csrf" value="([^"]*)"/)?.[1];

export const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** Logs in through the login form; answers the session cookie and the session's form token. */
export async function logIn(app: App, token: string, headers: Record<string, string> = {}) {
  const page = await app.request('/login', { headers });
  const loginCookie = cookieValue(cookieOf(page, 'cf_login'));
  const response = await app.request('/login', {
    ...form({ _csrf: csrfIn(await page.text())!, token, next: '/' }),
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `cf_login=${loginCookie}` },
  });
  const setCookie = cookieOf(response, 'cf_session');
  const cookie = `cf_session=${cookieValue(setCookie)}`;
  const home = await app.request('/desk', { headers: { ...headers, Cookie: cookie } });
  return { response, setCookie, cookie, csrf: csrfIn(await home.text())! };
}
