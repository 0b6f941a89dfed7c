/** @jsxImportSource hono/jsx */
/**
 * The recall screen (QA and managers): type a lot (or a product, model or serial) and get every
 * unit sold that matches, with its buyer and sale; printable as the list to call the buyers from.
 */
import { inLang, trilingual, type Copy } from '../../machines/index.js';
import type { RecallItem, RecallQuery } from '../read/recall.js';
import { moment, type Lang } from './i18n.js';

export const recallWords = {
  title: trilingual('Recall', '产品追回', '產品追回'),
  explain: trilingual(
    'Every unit sold of a lot, a serial number, a product or a model, with its buyer: the list to trace and recall them from. Give one or more; all that are given must match.',
    '按批号、出厂编号、产品或型号查出全部售出产品及购货单位，据此追查并追回。可填一项或多项，所填各项须同时符合。',
    '按批號、出廠編號、產品或型號查出全部售出產品及購貨單位，據此追查並追回。可填一項或多項，所填各項須同時符合。',
  ),
  lot: trilingual('Lot', '批号', '批號'),
  serial: trilingual('Serial number', '出厂编号', '出廠編號'),
  product: trilingual('Product name', '产品名称', '產品名稱'),
  model: trilingual('Spec / model', '规格型号', '規格型號'),
  find: trilingual('Find units sold', '查找售出产品', '查找售出產品'),
  print: trilingual('Print the list', '打印清单', '列印清單'),
  sale: trilingual('Sale', '销售记录', '銷售記錄'),
  buyer: trilingual('Buyer', '购货单位', '購貨單位'),
  quantity: trilingual('Quantity', '数量', '數量'),
  saleDate: trilingual('Sale date', '销售日期', '銷售日期'),
  keepUntil: trilingual('Kept until', '保存至', '保存至'),
  none: trilingual('No unit sold matches.', '没有符合的售出产品。', '沒有符合的售出產品。'),
  total: trilingual('units in', '件，涉及销售记录', '件，涉及銷售記錄'),
  sales: trilingual('sales', '份', '份'),
  giveOne: trilingual('Give at least one of lot, serial number, product or model.', '请至少填写批号、出厂编号、产品或型号中的一项。', '請至少填寫批號、出廠編號、產品或型號中的一項。'),
  printedAt: trilingual('Printed', '打印时间', '列印時間'),
} satisfies Record<string, Copy>;

const say = (lang: Lang, copy: Copy) => inLang(copy, lang);

export interface RecallPageProps {
  lang: Lang;
  now: Date;
  query: Partial<RecallQuery>;
  /** Undefined before a search; the units found after one. */
  items?: RecallItem[];
  problem?: string;
}

export function RecallPage({ lang, now, query, items, problem }: RecallPageProps) {
  const fields = (['lot', 'serial', 'product', 'model'] as const).map((name) => ({ name, label: say(lang, recallWords[name]) }));
  const units = items?.reduce((n, i) => n + i.quantity, 0) ?? 0;
  const sales = new Set(items?.map((i) => i.saleId)).size;
  return (
    <section class="panel recall">
      <h1>{say(lang, recallWords.title)}</h1>
      <p class="hint no-print">{say(lang, recallWords.explain)}</p>
      <form method="get" action="/recall" class="filters no-print">
        {fields.map((f) => (
          <label>
            {f.label}
            <input type="search" name={f.name} value={query[f.name] ?? ''} autofocus={f.name === 'lot'} />
          </label>
        ))}
        <button type="submit">{say(lang, recallWords.find)}</button>
      </form>
      {problem ? (
        <p class="notice error" role="alert">
          {problem}
        </p>
      ) : null}
      {items ? (
        <>
          <p class="recall-summary" data-testid="recall-summary">
            <strong>
              {fields.filter((f) => query[f.name]).map((f) => `${f.label}: ${query[f.name]}`).join(' · ')}
            </strong>{' '}
            — {units} {say(lang, recallWords.total)} {sales} {say(lang, recallWords.sales)}
            <span class="print-only">
              {' '}
              · {say(lang, recallWords.printedAt)} {moment(lang, now.toISOString())}
            </span>
          </p>
          {items.length === 0 ? (
            <p class="empty">{say(lang, recallWords.none)}</p>
          ) : (
            <table class="recall-list">
              <thead>
                <tr>
                  <th>{say(lang, recallWords.sale)}</th>
                  <th>{say(lang, recallWords.buyer)}</th>
                  <th>{say(lang, recallWords.product)}</th>
                  <th>{say(lang, recallWords.model)}</th>
                  <th>{say(lang, recallWords.serial)}</th>
                  <th>{say(lang, recallWords.lot)}</th>
                  <th class="num">{say(lang, recallWords.quantity)}</th>
                  <th>{say(lang, recallWords.saleDate)}</th>
                  <th>{say(lang, recallWords.keepUntil)}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr>
                    <td>
                      <a href={`/cases/${i.saleId}`}>{i.saleNumber}</a>
                    </td>
                    <td>{i.buyer}</td>
                    <td>
                      {i.product}
                      {i.manufacturer ? <span class="muted"> · {i.manufacturer}</span> : null}
                    </td>
                    <td>{i.model}</td>
                    <td>{i.serial ? <code>{i.serial}</code> : null}</td>
                    <td>{i.lot ? <code>{i.lot}</code> : null}</td>
                    <td class="num">{i.quantity}</td>
                    <td>{i.saleDate}</td>
                    <td>{i.retainUntil}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {items.length > 0 ? (
            <p class="no-print">
              <button type="button" data-print>
                {say(lang, recallWords.print)}
              </button>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
