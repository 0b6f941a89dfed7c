/**
 * The screens' own words in English and Chinese: headings, buttons, hints. Everything a process
 * says (states, events, fields, its list and record) comes from its module.
 */
import { inLang, type Copy, type FieldCopy, type ProcessDefinition } from '../../machines/index.js';
import type { Lang } from '../read/diagram.js';

export type { Lang };
export const langs: readonly Lang[] = ['en', 'zh'];

type Words = Record<string, { en: string; zh: string }>;

const ui = {
  appName: { en: 'caseflow', zh: 'caseflow' },
  board: { en: 'Board', zh: '看板' },
  apiDocs: { en: 'API', zh: 'API' },
  logout: { en: 'Log out', zh: '登出' },
  login: { en: 'Log in', zh: '登入' },
  loginTitle: { en: 'Log in to caseflow', zh: '登入 caseflow' },
  tokenLabel: { en: 'Your staff token', zh: '您的員工令牌' },
  tokenHint: {
    en: 'Paste the token you were given (it starts with cf_). It is kept in a cookie this browser sends only to this server.',
    zh: '貼上發給您的令牌(以 cf_ 開頭)。它保存在僅傳送給本伺服器的 Cookie 中。',
  },
  badToken: { en: 'That token is not valid, or it has been revoked.', zh: '令牌無效或已被撤銷。' },
  tooManyTries: { en: 'Too many failed attempts: wait a minute and try again.', zh: '失敗次數過多,請稍候一分鐘再試。' },
  formExpired: { en: 'This form has expired: please try again.', zh: '表單已過期,請重試。' },
  process: { en: 'Process', zh: '流程' },
  state: { en: 'State', zh: '狀態' },
  age: { en: 'Time in state', zh: '停留時間' },
  anyProcess: { en: 'All processes', zh: '全部流程' },
  anyState: { en: 'All states', zh: '全部狀態' },
  anyAge: { en: 'Any', zh: '不限' },
  atLeast: { en: 'at least', zh: '至少' },
  filter: { en: 'Filter', zh: '篩選' },
  stuckCases: { en: 'Stuck cases', zh: '超時案件' },
  stuckExplained: {
    en: 'In their state longer than its time limit, most overdue first.',
    zh: '停留時間超過時限的案件,最逾期的在前。',
  },
  noStuck: { en: 'No stuck cases. Nothing is waiting past its limit.', zh: '沒有超時案件。' },
  showingFirst: { en: 'Showing the {shown} most overdue of {total}.', zh: '顯示最逾期的 {shown} 件,共 {total} 件。' },
  number: { en: 'Number', zh: '編號' },
  customer: { en: 'Customer', zh: '客戶' },
  plate: { en: 'Plate', zh: '車牌' },
  phone: { en: 'Phone', zh: '電話' },
  inState: { en: 'In state for', zh: '停留' },
  due: { en: 'Due', zh: '期限' },
  overdueBy: { en: 'overdue by {time}', zh: '逾期 {time}' },
  dueIn: { en: 'in {time}', zh: '剩 {time}' },
  lastActor: { en: 'Last by', zh: '最後經手' },
  open: { en: 'Open', zh: '打開' },
  legend: { en: 'Colour: how overdue the most overdue case in the state is', zh: '顏色:該狀態中最逾期案件的逾期程度' },
  levelIdle: { en: 'no cases', zh: '無案件' },
  levelOnTime: { en: 'on time', zh: '準時' },
  levelOverdue: { en: 'overdue (< ½ limit)', zh: '逾期(不足半個時限)' },
  levelLate: { en: 'late (½–2× limit)', zh: '嚴重逾期(半個至兩個時限)' },
  levelVeryLate: { en: 'very late (> 2× limit)', zh: '極度逾期(超過兩個時限)' },
  diagramJson: { en: 'as JSON', zh: 'JSON' },
  search: { en: 'Search', zh: '搜尋' },
  searchHint: { en: 'Plate, phone, name or number', zh: '車牌、電話、姓名或編號' },
  create: { en: 'Create', zh: '建立' },
  none: { en: 'None.', zh: '無。' },
  moreThanShown: { en: 'Only the first {n} are shown: search to narrow the list.', zh: '僅顯示前 {n} 件,請用搜尋縮小範圍。' },
  opened: { en: 'Opened', zh: '建立於' },
  status: { en: 'Status', zh: '狀態' },
  statusActive: { en: 'open', zh: '在辦' },
  statusDone: { en: 'done', zh: '已完成' },
  statusCancelled: { en: 'cancelled', zh: '已取消' },
  stuckBadge: { en: 'stuck', zh: '超時' },
  whatToDo: { en: 'What to do', zh: '做甚麼' },
  whatToSay: { en: 'What to say', zh: '怎麼說' },
  nextSteps: { en: 'Your next steps', zh: '您的下一步' },
  nothingForYou: { en: 'Nothing here is yours to do now.', zh: '目前沒有需要您處理的步驟。' },
  othersMay: { en: 'Others may now', zh: '其他人可以' },
  by: { en: 'by', zh: '由' },
  journal: { en: 'Journal', zh: '歷程' },
  details: { en: 'Details', zh: '詳情' },
  record: { en: 'Record', zh: '記錄' },
  refused: { en: 'Not recorded', zh: '未記錄' },
  recorded: { en: 'Recorded: {event}.', zh: '已記錄:{event}。' },
  created: { en: 'Opened {number}.', zh: '已建立 {number}。' },
  staleForm: {
    en: 'The case changed since this page was opened; nothing was recorded. Look at it again below.',
    zh: '本頁打開後案件已有變動,未作記錄。請查看下方最新狀態。',
  },
  signHere: { en: 'Customer signs here', zh: '請客戶在此簽名' },
  clear: { en: 'Clear', zh: '清除' },
  signedBy: { en: 'Signed by', zh: '簽名人' },
  oneItemPerLine: { en: 'one per line', zh: '每行一項' },
  jsonHint: { en: 'a JSON list', zh: 'JSON 列表' },
  forExample: { en: 'For example:', zh: '例如:' },
  notJson: { en: 'is not valid JSON', zh: '不是有效的 JSON' },
  yes: { en: 'yes', zh: '是' },
  no: { en: 'no', zh: '否' },
  choose: { en: '—', zh: '—' },
  notFound: { en: 'There is no such case.', zh: '沒有這個案件。' },
  back: { en: 'Back', zh: '返回' },
  signature: { en: 'signature', zh: '簽名' },
  yourSignature: { en: 'Your signature', zh: '您的簽名' },
  signAgreement: { en: 'By signing you agree to the document above.', zh: '簽名即表示您同意以上內容。' },
  signAndSend: { en: 'Sign', zh: '簽名確認' },
  signedDone: { en: 'Thank you: your signature has been recorded. You may close this page.', zh: '謝謝,您的簽名已記錄。您可以關閉此頁面。' },
  signFailed: { en: 'Not recorded:', zh: '未記錄:' },
  linkGoneTitle: { en: 'This link can no longer be used', zh: '此連結已失效' },
  linkGoneHelp: { en: 'Please ask the service advisor for a new one.', zh: '請向服務顧問索取新的連結。' },
  total: { en: 'Total', zh: '合計' },
  noSuchNumber: { en: 'there is no case numbered {number}', zh: '沒有編號為 {number} 的案件' },
  nextStep: { en: 'Next step', zh: '下一步' },
  confirmRequired: { en: 'Tick the box to confirm this step.', zh: '請勾選確認此步驟。' },
  signOnPhone: { en: 'Let the customer sign on their own phone', zh: '讓客戶用自己的手機簽名' },
  makeLink: { en: 'Make a signing link', zh: '產生簽名連結' },
  linkMade: { en: 'The customer scans this code, or opens the link, to sign on their own phone; the link works once', zh: '客戶掃描此二維碼或打開連結,即可在自己的手機上簽名;連結僅可使用一次' },
  scanToSign: { en: 'QR code of the signing link', zh: '簽名連結的二維碼' },
  printView: { en: 'Print', zh: '列印' },
  printThis: { en: 'Print this page', zh: '列印本頁' },
  backToCase: { en: 'Back to the case', zh: '返回案件' },
  rowN: { en: 'Row {n}', zh: '第 {n} 行' },
  addRow: { en: 'Add a row', zh: '新增一行' },
  removeRow: { en: 'Remove', zh: '刪除' },
  notAnAmount: { en: 'enter an amount in yuan, such as 2,670.00', zh: '請輸入以元為單位的金額,例如 2,670.00' },
  tooManyDecimals: { en: 'an amount has at most two decimals (fen)', zh: '金額最多兩位小數(分)' },
  negative: { en: 'an amount cannot be negative', zh: '金額不能為負數' },
  signatureOf: { en: 'Signature of', zh: '簽名:' },
  keepDrawing: { en: 'Keep drawing: a signature is more than a dot', zh: '請繼續書寫:簽名不能只是一點' },
  signedThanks: { en: 'Signed. Clear to start again.', zh: '已簽名。如需重簽請按清除。' },
} satisfies Words;

export type UiKey = keyof typeof ui;

/** A screen word in `lang`, with `{name}` placeholders filled in. */
export function t(lang: Lang, key: UiKey, values: Record<string, string | number> = {}): string {
  return ui[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** A key as words, for what no module names: `odometerKm` → "Odometer km". */
export const spelledOut = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Journal entries the server writes itself, not events of any one process. */
const systemEntries: Record<string, Copy> = {
  'case.created': { en: 'Opened', 'zh-Hans': '建立', 'zh-Hant': '建立' },
};

/** An event's name in `lang`: the process module's label, else the server's own, else the type spelled out. */
export function eventName(lang: Lang, definition: ProcessDefinition | undefined, event: string): string {
  const label = (definition && Object.hasOwn(definition.events, event) ? definition.events[event]!.label : undefined) ?? systemEntries[event];
  return label ? inLang(label, lang) : spelledOut(event);
}

const roleNames: Record<string, Copy> = {
  advisor: { en: 'advisor', 'zh-Hans': '服务顾问', 'zh-Hant': '服務顧問' },
  technician: { en: 'technician', 'zh-Hans': '技师', 'zh-Hant': '技師' },
  cashier: { en: 'cashier', 'zh-Hans': '收银员', 'zh-Hant': '收銀員' },
  qa: { en: 'quality officer', 'zh-Hans': '质管员', 'zh-Hant': '質管員' },
  manager: { en: 'manager', 'zh-Hans': '经理', 'zh-Hant': '經理' },
  customer: { en: 'customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' },
  system: { en: 'caseflow', 'zh-Hans': '系统', 'zh-Hant': '系統' },
};

/** A role's name in `lang` (badges, "by advisor"). */
export const roleName = (lang: Lang, role: string) => (roleNames[role] ? inLang(roleNames[role], lang) : role);

const yesNo: Record<string, Copy> = {
  true: { en: 'Yes', 'zh-Hans': '是', 'zh-Hant': '是' },
  false: { en: 'No', 'zh-Hans': '否', 'zh-Hant': '否' },
};

/** A choice's value in words: the module's name for it, else yes/no, else the value spelled out. */
export function optionName(lang: Lang, copy: FieldCopy | undefined, option: string): string {
  const named = copy?.options?.[option] ?? yesNo[option];
  return named ? inLang(named, lang) : spelledOut(option);
}

/** "2 h 5 min", "3 d 4 h", "< 1 min". */
export function duration(lang: Lang, ms: number): string {
  const u = lang === 'zh' ? { d: ' 天', h: ' 小時', m: ' 分鐘' } : { d: ' d', h: ' h', m: ' min' };
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return lang === 'zh' ? '不足 1 分鐘' : '< 1 min';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}${u.d} ${hours}${u.h}` : `${days}${u.d}`;
  if (hours > 0) return mins > 0 ? `${hours}${u.h} ${mins}${u.m}` : `${hours}${u.h}`;
  return `${mins}${u.m}`;
}

/** A moment as staff read it (the browser re-renders it in its own time zone). */
export function moment(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-TW' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Minor units as money: 87000 → "870.00". */
export function money(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')} ${currency}`;
}
