/** @jsxImportSource hono/jsx */
/** A case on an A4 sheet: who and what, the documents the module prints, and their signatures (app.css `@media print`). */
import { inLang, type ProcessDefinition } from '../../machines/index.js';
import type { CaseView } from '../core/caseView.js';
import { moment, t, type Lang } from './i18n.js';
import { HeadlineFacts, RecordBlocks } from './shown.js';

export function PrintSheet({ lang, view, definition, now }: { lang: Lang; view: CaseView; definition: ProcessDefinition; now: Date }) {
  const blocks = (definition.summary.print ?? definition.summary.record)(view.context);
  return (
    <>
      <div class="print-actions no-print">
        <a href={`/cases/${view.id}`}>{t(lang, 'backToCase')}</a>
        <button type="button" data-print>
          {t(lang, 'printThis')}
        </button>
      </div>
      <article class="print-sheet" data-case={view.number}>
        <header class="print-head">
          <h1>
            {inLang(definition.title, lang)} {view.number}
          </h1>
          <time datetime={now.toISOString()}>{moment(lang, now.toISOString())}</time>
        </header>
        <dl class="facts">
          <HeadlineFacts lang={lang} facts={definition.summary.headline(view.context)} />
        </dl>
        <RecordBlocks lang={lang} blocks={blocks} />
      </article>
    </>
  );
}
