/**
 * The screens' own words in English and Chinese: headings, buttons, hints. Everything a process
 * says (states, events, fields, its list and record) comes from its module.
 */
import { inLang, type Copy, type FieldCopy, type ProcessDefinition } from '../../machines/index.js';
import type { Lang } from '../read/diagram.js';
import { formatMoney } from './money.js';

export type { Lang };
/** Each language by its own name, for the switch. */
export const languageNames: Record<Lang, string> = { en: 'English', 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文' };

/** The languages of the screens: English, Simplified Chinese (the default Chinese), Traditional Chinese. */
export const langs: readonly Lang[] = ['en', 'zh-Hans', 'zh-Hant'];

type Words = Record<string, Copy>;

const ui = {
  appName: { en: 'caseflow', 'zh-Hans': 'caseflow', 'zh-Hant': 'caseflow' },
  board: { en: 'Board', 'zh-Hans': '看板', 'zh-Hant': '看板' },
  apiDocs: { en: 'API', 'zh-Hans': 'API', 'zh-Hant': 'API' },
  logout: { en: 'Log out', 'zh-Hans': '退出登录', 'zh-Hant': '登出' },
  login: { en: 'Log in', 'zh-Hans': '登录', 'zh-Hant': '登入' },
  loginTitle: { en: 'Log in to caseflow', 'zh-Hans': '登录 caseflow', 'zh-Hant': '登入 caseflow' },
  tokenLabel: { en: 'Your staff token', 'zh-Hans': '您的员工令牌', 'zh-Hant': '您的員工令牌' },
  tokenHint: {
    en: 'Paste the token you were given (it starts with cf_). It is kept in a cookie this browser sends only to this server.',
    'zh-Hans': '粘贴发给您的令牌(以 cf_ 开头)。它保存在仅发送给本服务器的 Cookie 中。', 'zh-Hant': '貼上發給您的令牌(以 cf_ 開頭)。它保存在僅傳送給本伺服器的 Cookie 中。',
  },
  badToken: { en: 'That token is not valid, or it has been revoked.', 'zh-Hans': '令牌无效或已被撤销。', 'zh-Hant': '令牌無效或已被撤銷。' },
  tooManyTries: { en: 'Too many failed attempts: wait a minute and try again.', 'zh-Hans': '失败次数过多,请稍候一分钟再试。', 'zh-Hant': '失敗次數過多,請稍候一分鐘再試。' },
  formExpired: { en: 'This form has expired: please try again.', 'zh-Hans': '表单已过期,请重试。', 'zh-Hant': '表單已過期,請重試。' },
  process: { en: 'Process', 'zh-Hans': '流程', 'zh-Hant': '流程' },
  state: { en: 'State', 'zh-Hans': '状态', 'zh-Hant': '狀態' },
  age: { en: 'Time in state', 'zh-Hans': '停留时间', 'zh-Hant': '停留時間' },
  anyProcess: { en: 'All processes', 'zh-Hans': '全部流程', 'zh-Hant': '全部流程' },
  anyState: { en: 'All states', 'zh-Hans': '全部状态', 'zh-Hant': '全部狀態' },
  anyAge: { en: 'Any', 'zh-Hans': '不限', 'zh-Hant': '不限' },
  atLeast: { en: 'at least', 'zh-Hans': '至少', 'zh-Hant': '至少' },
  filter: { en: 'Filter', 'zh-Hans': '筛选', 'zh-Hant': '篩選' },
  stuckCases: { en: 'Stuck cases', 'zh-Hans': '超时案件', 'zh-Hant': '超時案件' },
  stuckExplained: {
    en: 'In their state longer than its time limit, most overdue first.',
    'zh-Hans': '停留时间超过时限的案件,最逾期的在前。', 'zh-Hant': '停留時間超過時限的案件,最逾期的在前。',
  },
  noStuck: { en: 'No stuck cases. Nothing is waiting past its limit.', 'zh-Hans': '没有超时案件。', 'zh-Hant': '沒有超時案件。' },
  showingFirst: { en: 'Showing the {shown} most overdue of {total}.', 'zh-Hans': '显示最逾期的 {shown} 件,共 {total} 件。', 'zh-Hant': '顯示最逾期的 {shown} 件,共 {total} 件。' },
  number: { en: 'Number', 'zh-Hans': '编号', 'zh-Hant': '編號' },
  customer: { en: 'Customer', 'zh-Hans': '客户', 'zh-Hant': '客戶' },
  plate: { en: 'Plate', 'zh-Hans': '车牌', 'zh-Hant': '車牌' },
  phone: { en: 'Phone', 'zh-Hans': '电话', 'zh-Hant': '電話' },
  inState: { en: 'In state for', 'zh-Hans': '停留', 'zh-Hant': '停留' },
  due: { en: 'Due', 'zh-Hans': '期限', 'zh-Hant': '期限' },
  overdueBy: { en: 'overdue by {time}', 'zh-Hans': '逾期 {time}', 'zh-Hant': '逾期 {time}' },
  dueIn: { en: 'in {time}', 'zh-Hans': '剩 {time}', 'zh-Hant': '剩 {time}' },
  lastActor: { en: 'Last by', 'zh-Hans': '最后经手', 'zh-Hant': '最後經手' },
  open: { en: 'Open', 'zh-Hans': '打开', 'zh-Hant': '打開' },
  legend: { en: 'Colour: how overdue the most overdue case in the state is', 'zh-Hans': '颜色:该状态中最逾期案件的逾期程度', 'zh-Hant': '顏色:該狀態中最逾期案件的逾期程度' },
  levelIdle: { en: 'no cases', 'zh-Hans': '无案件', 'zh-Hant': '無案件' },
  levelOnTime: { en: 'on time', 'zh-Hans': '准时', 'zh-Hant': '準時' },
  levelOverdue: { en: 'overdue (< ½ limit)', 'zh-Hans': '逾期(不足半个时限)', 'zh-Hant': '逾期(不足半個時限)' },
  levelLate: { en: 'late (½–2× limit)', 'zh-Hans': '严重逾期(半个至两个时限)', 'zh-Hant': '嚴重逾期(半個至兩個時限)' },
  levelVeryLate: { en: 'very late (> 2× limit)', 'zh-Hans': '极度逾期(超过两个时限)', 'zh-Hant': '極度逾期(超過兩個時限)' },
  diagramJson: { en: 'as JSON', 'zh-Hans': 'JSON', 'zh-Hant': 'JSON' },
  search: { en: 'Search', 'zh-Hans': '搜索', 'zh-Hant': '搜尋' },
  searchHint: { en: 'Plate, phone, name or number', 'zh-Hans': '车牌、电话、姓名或编号', 'zh-Hant': '車牌、電話、姓名或編號' },
  create: { en: 'Create', 'zh-Hans': '创建', 'zh-Hant': '建立' },
  none: { en: 'None.', 'zh-Hans': '无。', 'zh-Hant': '無。' },
  moreThanShown: { en: 'Only the first {n} are shown: search to narrow the list.', 'zh-Hans': '仅显示前 {n} 件,请用搜索缩小范围。', 'zh-Hant': '僅顯示前 {n} 件,請用搜尋縮小範圍。' },
  opened: { en: 'Opened', 'zh-Hans': '创建于', 'zh-Hant': '建立於' },
  status: { en: 'Status', 'zh-Hans': '状态', 'zh-Hant': '狀態' },
  statusActive: { en: 'open', 'zh-Hans': '在办', 'zh-Hant': '在辦' },
  statusDone: { en: 'done', 'zh-Hans': '已完成', 'zh-Hant': '已完成' },
  statusCancelled: { en: 'cancelled', 'zh-Hans': '已取消', 'zh-Hant': '已取消' },
  stuckBadge: { en: 'stuck', 'zh-Hans': '超时', 'zh-Hant': '超時' },
  whatToDo: { en: 'What to do', 'zh-Hans': '做什么', 'zh-Hant': '做什麼' },
  whatToSay: { en: 'What to say', 'zh-Hans': '怎么说', 'zh-Hant': '怎麼說' },
  nextSteps: { en: 'Your next steps', 'zh-Hans': '您的下一步', 'zh-Hant': '您的下一步' },
  nothingForYou: { en: 'Nothing here is yours to do now.', 'zh-Hans': '目前没有需要您处理的步骤。', 'zh-Hant': '目前沒有需要您處理的步驟。' },
  othersMay: { en: 'Others may now', 'zh-Hans': '其他人可以', 'zh-Hant': '其他人可以' },
  by: { en: 'by', 'zh-Hans': '由', 'zh-Hant': '由' },
  journal: { en: 'Journal', 'zh-Hans': '历程', 'zh-Hant': '歷程' },
  details: { en: 'Details', 'zh-Hans': '详情', 'zh-Hant': '詳情' },
  record: { en: 'Record', 'zh-Hans': '记录', 'zh-Hant': '記錄' },
  refused: { en: 'Not recorded', 'zh-Hans': '未记录', 'zh-Hant': '未記錄' },
  recorded: { en: 'Recorded: {event}.', 'zh-Hans': '已记录:{event}。', 'zh-Hant': '已記錄:{event}。' },
  created: { en: 'Opened {number}.', 'zh-Hans': '已创建 {number}。', 'zh-Hant': '已建立 {number}。' },
  escalated: { en: 'escalated', 'zh-Hans': '已升级', 'zh-Hant': '已升級' },
  escalatedExplained: {
    en: 'The server recorded this case as overdue in its journal (case.overdue) and sent it to the webhooks.',
    'zh-Hans': '系统已在案件记录中登记逾期(case.overdue)并通知外部系统。', 'zh-Hant': '系統已在案件記錄中登記逾期(case.overdue)並通知外部系統。',
  },
  escalatedCount: { en: '{n} escalated by the server as overdue.', 'zh-Hans': '系统已将 {n} 件登记为逾期并升级。', 'zh-Hant': '系統已將 {n} 件登記為逾期並升級。' },
  failedDeliveries: { en: 'Webhook deliveries that failed', 'zh-Hans': '推送失败的通知', 'zh-Hant': '推送失敗的通知' },
  failedDeliveriesExplained: {
    en: 'The receiver refused these or did not answer, every time it was tried; they are not sent again. {pending} deliveries are waiting to be sent. The latest failures:',
    'zh-Hans': '接收方多次拒收或无回应,系统已停止重试。另有 {pending} 则通知等待发送。最近的失败:', 'zh-Hant': '接收方多次拒收或無回應,系統已停止重試。另有 {pending} 則通知等待發送。最近的失敗:',
  },
  deliveryEvent: { en: 'Entry', 'zh-Hans': '记录', 'zh-Hant': '記錄' },
  deliveryEndpoint: { en: 'Receiver', 'zh-Hans': '接收方', 'zh-Hant': '接收方' },
  deliveryAttempts: { en: 'Attempts', 'zh-Hans': '尝试次数', 'zh-Hant': '嘗試次數' },
  deliveryLastError: { en: 'Last error', 'zh-Hans': '最后错误', 'zh-Hant': '最後錯誤' },
  staleForm: {
    en: 'The case changed since this page was opened; nothing was recorded. Look at it again below.',
    'zh-Hans': '本页打开后案件已有变动,未作记录。请查看下方最新状态。', 'zh-Hant': '本頁打開後案件已有變動,未作記錄。請查看下方最新狀態。',
  },
  signHere: { en: 'Customer signs here', 'zh-Hans': '请客户在此签名', 'zh-Hant': '請客戶在此簽名' },
  clear: { en: 'Clear', 'zh-Hans': '清除', 'zh-Hant': '清除' },
  signedBy: { en: 'Signed by', 'zh-Hans': '签名人', 'zh-Hant': '簽名人' },
  oneItemPerLine: { en: 'one per line', 'zh-Hans': '每行一项', 'zh-Hant': '每行一項' },
  jsonHint: { en: 'a JSON list', 'zh-Hans': 'JSON 列表', 'zh-Hant': 'JSON 列表' },
  forExample: { en: 'For example:', 'zh-Hans': '例如:', 'zh-Hant': '例如:' },
  notJson: { en: 'is not valid JSON', 'zh-Hans': '不是有效的 JSON', 'zh-Hant': '不是有效的 JSON' },
  yes: { en: 'yes', 'zh-Hans': '是', 'zh-Hant': '是' },
  no: { en: 'no', 'zh-Hans': '否', 'zh-Hant': '否' },
  choose: { en: '—', 'zh-Hans': '—', 'zh-Hant': '—' },
  notFound: { en: 'There is no such case.', 'zh-Hans': '没有这个案件。', 'zh-Hant': '沒有這個案件。' },
  back: { en: 'Back', 'zh-Hans': '返回', 'zh-Hant': '返回' },
  signature: { en: 'signature', 'zh-Hans': '签名', 'zh-Hant': '簽名' },
  yourSignature: { en: 'Your signature', 'zh-Hans': '您的签名', 'zh-Hant': '您的簽名' },
  signAgreement: { en: 'By signing you agree to the document above.', 'zh-Hans': '签名即表示您同意以上内容。', 'zh-Hant': '簽名即表示您同意以上內容。' },
  signAndSend: { en: 'Sign', 'zh-Hans': '签名确认', 'zh-Hant': '簽名確認' },
  signedDone: { en: 'Thank you: your signature has been recorded. You may close this page.', 'zh-Hans': '谢谢,您的签名已记录。您可以关闭此页面。', 'zh-Hant': '謝謝,您的簽名已記錄。您可以關閉此頁面。' },
  signFailed: { en: 'Not recorded:', 'zh-Hans': '未记录:', 'zh-Hant': '未記錄:' },
  linkGoneTitle: { en: 'This link can no longer be used', 'zh-Hans': '此链接已失效', 'zh-Hant': '此連結已失效' },
  linkGoneHelp: { en: 'Please ask the service advisor for a new one.', 'zh-Hans': '请向服务顾问索取新的链接。', 'zh-Hant': '請向服務顧問索取新的連結。' },
  processMap: { en: 'Where this case stands in its process', 'zh-Hans': '本案件在流程中的位置', 'zh-Hant': '本案件在流程中的位置' },
  language: { en: 'Language', 'zh-Hans': '语言', 'zh-Hant': '語言' },
  total: { en: 'Total', 'zh-Hans': '合计', 'zh-Hant': '合計' },
  noSuchNumber: { en: 'there is no case numbered {number}', 'zh-Hans': '没有编号为 {number} 的案件', 'zh-Hant': '沒有編號為 {number} 的案件' },
  nextStep: { en: 'Next step', 'zh-Hans': '下一步', 'zh-Hant': '下一步' },
  confirmRequired: { en: 'Tick the box to confirm this step.', 'zh-Hans': '请勾选确认此步骤。', 'zh-Hant': '請勾選確認此步驟。' },
  signOnPhone: { en: 'Let the customer sign on their own phone', 'zh-Hans': '让客户用自己的手机签名', 'zh-Hant': '讓客戶用自己的手機簽名' },
  makeLink: { en: 'Make a signing link', 'zh-Hans': '产生签名链接', 'zh-Hant': '產生簽名連結' },
  linkMade: { en: 'The customer scans this code, or opens the link, to sign on their own phone; the link works once', 'zh-Hans': '客户扫描此二维码或打开链接,即可在自己的手机上签名;链接仅可使用一次', 'zh-Hant': '客戶掃描此二維碼或打開連結,即可在自己的手機上簽名;連結僅可使用一次' },
  scanToSign: { en: 'QR code of the signing link', 'zh-Hans': '签名链接的二维码', 'zh-Hant': '簽名連結的二維碼' },
  printView: { en: 'Print', 'zh-Hans': '打印', 'zh-Hant': '列印' },
  printThis: { en: 'Print this page', 'zh-Hans': '打印本页', 'zh-Hant': '列印本頁' },
  backToCase: { en: 'Back to the case', 'zh-Hans': '返回案件', 'zh-Hant': '返回案件' },
  rowN: { en: 'Row {n}', 'zh-Hans': '第 {n} 行', 'zh-Hant': '第 {n} 行' },
  addRow: { en: 'Add a row', 'zh-Hans': '添加一行', 'zh-Hant': '新增一行' },
  removeRow: { en: 'Remove', 'zh-Hans': '删除', 'zh-Hant': '刪除' },
  notAnAmount: { en: 'enter an amount in yuan, such as 2,670.00', 'zh-Hans': '请输入以元为单位的金额,例如 2,670.00', 'zh-Hant': '請輸入以元為單位的金額,例如 2,670.00' },
  tooManyDecimals: { en: 'an amount has at most two decimals (fen)', 'zh-Hans': '金额最多两位小数(分)', 'zh-Hant': '金額最多兩位小數(分)' },
  negative: { en: 'an amount cannot be negative', 'zh-Hans': '金额不能为负数', 'zh-Hant': '金額不能為負數' },
  signatureOf: { en: 'Signature of', 'zh-Hans': '签名:', 'zh-Hant': '簽名:' },
  keepDrawing: { en: 'Keep drawing: a signature is more than a dot', 'zh-Hans': '请继续书写:签名不能只是一点', 'zh-Hant': '請繼續書寫:簽名不能只是一點' },
  signedThanks: { en: 'Signed. Clear to start again.', 'zh-Hans': '已签名。如需重签请按清除。', 'zh-Hant': '已簽名。如需重簽請按清除。' },
  openByVersion: { en: 'Open cases by version of the process', 'zh-Hans': '各版本流程的在办案件', 'zh-Hant': '各版本流程的在辦案件' },
  versionN: { en: 'version {n}', 'zh-Hans': '第 {n} 版', 'zh-Hant': '第 {n} 版' },
  currentVersion: { en: 'current', 'zh-Hans': '现行', 'zh-Hant': '現行' },
  allVersions: { en: 'all versions', 'zh-Hans': '全部版本', 'zh-Hant': '全部版本' },
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
  'case.migrated': { en: 'Moved to a new version of the process', 'zh-Hans': '迁移到流程新版本', 'zh-Hant': '遷移到流程新版本' },
  'case.overdue': { en: 'Overdue: escalated by the server', 'zh-Hans': '逾期：系统已升级', 'zh-Hant': '逾期：系統已升級' },
  'service.due': { en: 'Next service is due', 'zh-Hans': '下次保养到期', 'zh-Hant': '下次保養到期' },
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
  const u = lang === 'en' ? { d: ' d', h: ' h', m: ' min' } : lang === 'zh-Hans' ? { d: ' 天', h: ' 小时', m: ' 分钟' } : { d: ' 天', h: ' 小時', m: ' 分鐘' };
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return lang === 'en' ? '< 1 min' : lang === 'zh-Hans' ? '不足 1 分钟' : '不足 1 分鐘';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}${u.d} ${hours}${u.h}` : `${days}${u.d}`;
  if (hours > 0) return mins > 0 ? `${hours}${u.h} ${mins}${u.m}` : `${hours}${u.h}`;
  return `${mins}${u.m}`;
}

/** The Intl locale of a screen language. */
export const intlLocale = (lang: Lang) => ({ en: 'en-GB', 'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-TW' })[lang] ?? 'en-GB';

/** A moment as staff read it, in the language's own form (the browser re-renders it in its own time zone). */
export function moment(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Minor units as money in the language's form: 267000 CNY → "¥2,670.00". */
export const money = (minor: number, currency: string, lang: Lang = 'en') => formatMoney(minor, currency, intlLocale(lang));
