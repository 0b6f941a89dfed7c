/** @jsxImportSource hono/jsx */
/**
 * What process modules describe, drawn: a `Shown` value (text, money, a moment, a styled token)
 * and the blocks of a case's record. Pages know no process: a module says what to show.
 */
import { inLang, type RecordBlock, type Shown } from '../../machines/index.js';
import { moment, type Lang } from './i18n.js';
import { formatMoney } from './money.js';
import { intlLocale } from './payload.js';
import { SignatureDrawing } from './signature.js';

export function ShownValue({ lang, value }: { lang: Lang; value: Shown }) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return <>{String(value)}</>;
  if ('money' in value) return <span class="money">{formatMoney(value.money, value.currency, intlLocale(lang))}</span>;
  if ('moment' in value) return <time datetime={value.moment}>{moment(lang, value.moment)}</time>;
  if ('date' in value) return <time datetime={value.date}>{value.date}</time>;
  if ('code' in value) return <code>{value.code}</code>;
  if ('quote' in value) return <>“{value.quote}”</>;
  if ('strong' in value) return <strong><ShownValue lang={lang} value={value.strong} /></strong>;
  if ('copy' in value) return <>{inLang(value.copy, lang)}</>;
  if ('signature' in value) return <SignatureDrawing lang={lang} signature={value.signature} />;
  return <span class={value.class}>{value.text}</span>;
}

/** A `Shown` as plain text (for an option of a select, which holds no markup). */
export function shownText(lang: Lang, value: Shown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if ('money' in value) return formatMoney(value.money, value.currency, intlLocale(lang));
  if ('moment' in value) return moment(lang, value.moment);
  if ('date' in value) return value.date;
  if ('code' in value) return value.code;
  if ('quote' in value) return `“${value.quote}”`;
  if ('strong' in value) return shownText(lang, value.strong);
  if ('copy' in value) return inLang(value.copy, lang);
  if ('signature' in value) return value.signature.signedBy;
  return value.text;
}

const isLabelled = (part: unknown): part is { label: Parameters<typeof inLang>[0]; value: Shown } =>
  typeof part === 'object' && part !== null && 'label' in part && 'value' in part;

const isEmpty = (value: Shown) => value === null || value === undefined || value === '';

function Block({ lang, block }: { lang: Lang; block: RecordBlock }) {
  const title = 'title' in block && block.title ? <h3>{inLang(block.title, lang)}</h3> : null;
  switch (block.kind) {
    case 'line': {
      const parts = block.parts.filter((part) => !(isLabelled(part) ? isEmpty(part.value) : isEmpty(part)));
      return (
        <>
          {title}
          <p>
            {parts.map((part, i) => (
              <>
                {i > 0 ? ' · ' : ''}
                {isLabelled(part) ? (
                  <>
                    {inLang(part.label, lang)}: <ShownValue lang={lang} value={part.value} />
                  </>
                ) : (
                  <ShownValue lang={lang} value={part} />
                )}
              </>
            ))}
          </p>
        </>
      );
    }
    case 'list': {
      const items = block.items.map((item) => (
        <li>
          <ShownValue lang={lang} value={item} />
        </li>
      ));
      return (
        <>
          {title}
          {block.numbered ? (
            <ol start={block.numbered === 'from0' ? 0 : 1} class={block.class}>
              {items}
            </ol>
          ) : (
            <ul class={block.class}>{items}</ul>
          )}
        </>
      );
    }
    case 'quote':
      return (
        <>
          {title}
          <blockquote>{block.text}</blockquote>
        </>
      );
    case 'table': {
      const width = Math.max(0, ...block.rows.map((r) => r.cells.length));
      return (
        <>
          {title}
          <div class="table-scroll">
          <table class="lines">
            {block.head ? (
              <thead>
                <tr>
                  {block.head.map((h, i) => (
                    <th scope="col" class={i >= 2 && i <= 4 ? 'num' : undefined}>
                      {inLang(h, lang)}
                    </th>
                  ))}
                </tr>
              </thead>
            ) : null}
            <tbody>
              {block.rows.map((row) => (
                <tr class={row.class}>
                  {row.cells.map((cell) => (
                    <td class={typeof cell === 'number' || (cell && typeof cell === 'object' && 'money' in cell) ? 'num' : undefined}>
                      <ShownValue lang={lang} value={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {block.footer ? (
              <tfoot>
                <tr>
                  <th colspan={Math.max(1, width - block.footer.cells.length)}>{inLang(block.footer.label, lang)}</th>
                  {block.footer.cells.map((cell) => (
                    <td class={cell && typeof cell === 'object' && ('money' in cell || ('strong' in cell && typeof cell.strong === 'object' && cell.strong !== null && 'money' in cell.strong)) ? 'num' : undefined}>
                      <ShownValue lang={lang} value={cell} />
                    </td>
                  ))}
                </tr>
              </tfoot>
            ) : null}
          </table>
          </div>
        </>
      );
    }
  }
}

/** A case's record, as its module describes it. */
export function RecordBlocks({ lang, blocks }: { lang: Lang; blocks: RecordBlock[] }) {
  return (
    <>
      {blocks.map((block) => (
        <Block lang={lang} block={block} />
      ))}
    </>
  );
}

/** The facts a process puts in a case's header (customer, plate), as a definition list's entries. */
export function HeadlineFacts({ lang, facts }: { lang: Lang; facts: Array<{ label: Parameters<typeof inLang>[0]; value: Shown }> }) {
  return (
    <>
      {facts.map((fact) => (
        <div>
          <dt>{inLang(fact.label, lang)}</dt>
          <dd>
            <ShownValue lang={lang} value={fact.value} />
          </dd>
        </div>
      ))}
    </>
  );
}
