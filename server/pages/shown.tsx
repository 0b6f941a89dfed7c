/** @jsxImportSource hono/jsx */
/**
 * What process modules describe, drawn: a `Shown` value (text, money, a moment, a styled token)
 * and the blocks of a case's record. Pages know no process: a module says what to show.
 */
import { inLang, type RecordBlock, type Shown } from '../../machines/index.js';
import { money, moment, type Lang } from './i18n.js';

export function ShownValue({ lang, value }: { lang: Lang; value: Shown }) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return <>{String(value)}</>;
  if ('money' in value) return <>{money(value.money, value.currency)}</>;
  if ('moment' in value) return <time datetime={value.moment}>{moment(lang, value.moment)}</time>;
  if ('date' in value) return <time datetime={value.date}>{value.date}</time>;
  if ('code' in value) return <code>{value.code}</code>;
  if ('quote' in value) return <>“{value.quote}”</>;
  if ('strong' in value) return <strong><ShownValue lang={lang} value={value.strong} /></strong>;
  if ('copy' in value) return <>{inLang(value.copy, lang)}</>;
  return <span class={value.class}>{value.text}</span>;
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
          <table class="lines">
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
                    <td class={cell && typeof cell === 'object' && 'money' in cell ? 'num' : undefined}>
                      <ShownValue lang={lang} value={cell} />
                    </td>
                  ))}
                </tr>
              </tfoot>
            ) : null}
          </table>
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
