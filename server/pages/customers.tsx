/** @jsxImportSource hono/jsx */
/**
 * The customer file on screen: find a customer by name, phone or plate; a customer's vehicles and
 * every case about them, open or closed, newest first. And the short history a case page shows
 * of a returning customer.
 */
import { findProcess, inLang, trilingual, type Copy } from '../../machines/index.js';
import type { CaseView } from '../core/caseView.js';
import type { CustomerFile, CustomerSummary } from '../read/customers.js';
import { moment, type Lang } from './i18n.js';

export const customerWords = {
  title: trilingual('Customer file', '用户档案', '用戶檔案'),
  explain: trilingual(
    'Every customer with their vehicles and every case about them. A work order files its customer (by phone) and vehicle (by plate) when it is opened.',
    '每位客户的车辆及全部案件。开立工单时按电话找到客户、按车牌找到车辆，首次来店自动建档。',
    '每位客戶的車輛及全部案件。開立工單時按電話找到客戶、按車牌找到車輛，首次來店自動建檔。',
  ),
  search: trilingual('Name, phone or plate', '姓名、电话或车牌', '姓名、電話或車牌'),
  find: trilingual('Find', '查找', '查找'),
  name: trilingual('Name', '姓名', '姓名'),
  phone: trilingual('Phone', '电话', '電話'),
  vehicles: trilingual('Vehicles', '车辆', '車輛'),
  cases: trilingual('Cases', '案件', '案件'),
  lastSeen: trilingual('Last seen', '最近来访', '最近來訪'),
  none: trilingual('No customer matches.', '没有符合的客户。', '沒有符合的客戶。'),
  noVehicles: trilingual('No vehicle on file.', '档案中没有车辆。', '檔案中沒有車輛。'),
  number: trilingual('Number', '编号', '編號'),
  process: trilingual('Process', '流程', '流程'),
  state: trilingual('State', '状态', '狀態'),
  opened: trilingual('Opened', '开立', '開立'),
  customerSince: trilingual('Customer since', '建档时间', '建檔時間'),
  returning: trilingual('Returning customer', '老客户', '老客戶'),
  firstVisit: trilingual('First visit: a new customer file was created.', '首次来店：已新建用户档案。', '首次來店：已新建用戶檔案。'),
  earlier: trilingual('earlier cases', '宗以往案件', '宗以往案件'),
  openFile: trilingual('Open the customer file', '查看用户档案', '查看用戶檔案'),
} satisfies Record<string, Copy>;

const say = (lang: Lang, copy: Copy) => inLang(copy, lang);
const processTitle = (lang: Lang, type: string) => {
  const definition = findProcess(type);
  return definition ? inLang(definition.title, lang) : type;
};

function CaseRows({ lang, cases, labelOf }: { lang: Lang; cases: CaseView[]; labelOf: (type: string, state: string) => string }) {
  return (
    <table class="customer-cases">
      <thead>
        <tr>
          <th>{say(lang, customerWords.number)}</th>
          <th>{say(lang, customerWords.process)}</th>
          <th>{say(lang, customerWords.state)}</th>
          <th>{say(lang, customerWords.opened)}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((v) => (
          <tr class={v.status}>
            <td>
              <a href={`/cases/${v.id}`}>{v.number}</a>
            </td>
            <td>{processTitle(lang, v.type)}</td>
            <td>{labelOf(v.type, v.state)}</td>
            <td>{moment(lang, v.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CustomersPage({ lang, q, items }: { lang: Lang; q: string; items: CustomerSummary[] }) {
  return (
    <section class="panel customers">
      <h1>{say(lang, customerWords.title)}</h1>
      <p class="hint">{say(lang, customerWords.explain)}</p>
      <form method="get" action="/customers" class="search">
        <input type="search" name="q" value={q} placeholder={say(lang, customerWords.search)} aria-label={say(lang, customerWords.search)} autofocus />
        <button type="submit">{say(lang, customerWords.find)}</button>
      </form>
      {items.length === 0 ? (
        <p class="empty">{say(lang, customerWords.none)}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{say(lang, customerWords.name)}</th>
              <th>{say(lang, customerWords.phone)}</th>
              <th>{say(lang, customerWords.vehicles)}</th>
              <th class="num">{say(lang, customerWords.cases)}</th>
              <th>{say(lang, customerWords.lastSeen)}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr>
                <td>
                  <a href={`/customers/${c.id}`}>{c.name}</a>
                </td>
                <td>{c.phone}</td>
                <td>
                  {c.plates.map((p) => (
                    <span class="plate-cell">{p} </span>
                  ))}
                </td>
                <td class="num">{c.caseCount}</td>
                <td>{moment(lang, c.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CustomerFilePage({ lang, file, labelOf }: { lang: Lang; file: CustomerFile; labelOf: (type: string, state: string) => string }) {
  return (
    <section class="panel customer-file">
      <p class="kicker">{say(lang, customerWords.title)}</p>
      <h1>{file.name}</h1>
      <dl class="facts">
        <div>
          <dt>{say(lang, customerWords.phone)}</dt>
          <dd>{file.phone}</dd>
        </div>
        <div>
          <dt>{say(lang, customerWords.customerSince)}</dt>
          <dd>{moment(lang, file.createdAt)}</dd>
        </div>
      </dl>
      <h2>{say(lang, customerWords.vehicles)}</h2>
      {file.vehicles.length === 0 ? (
        <p class="empty">{say(lang, customerWords.noVehicles)}</p>
      ) : (
        <ul class="vehicles">
          {file.vehicles.map((v) => (
            <li>
              <span class="plate-cell">{v.plate}</span> {v.model ?? ''} {v.vin ? <code>{v.vin}</code> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>
        {say(lang, customerWords.cases)} <span class="count">{file.cases.length}</span>
      </h2>
      <CaseRows lang={lang} cases={file.cases} labelOf={labelOf} />
    </section>
  );
}

/** On a case page: whose case it is, and their other cases (a returning customer's history, shown at greet). */
export function CustomerHistory({ lang, caseId, file, labelOf }: { lang: Lang; caseId: string; file: CustomerFile; labelOf: (type: string, state: string) => string }) {
  const earlier = file.cases.filter((v) => v.id !== caseId);
  return (
    <section class="panel customer-history" data-testid="customer-history">
      <h2>{earlier.length > 0 ? say(lang, customerWords.returning) : say(lang, customerWords.title)}</h2>
      <p>
        <a href={`/customers/${file.id}`}>{file.name}</a> · {file.phone}
        {file.vehicles.length > 0 ? <> · {file.vehicles.map((v) => v.plate).join(', ')}</> : null}
      </p>
      {earlier.length === 0 ? (
        <p class="hint">{say(lang, customerWords.firstVisit)}</p>
      ) : (
        <>
          <p class="hint">
            {earlier.length} {say(lang, customerWords.earlier)}
          </p>
          <CaseRows lang={lang} cases={earlier.slice(0, 10)} labelOf={labelOf} />
        </>
      )}
    </section>
  );
}
