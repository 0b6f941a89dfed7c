/** @jsxImportSource hono/jsx */
/**
 * On a case page, the cases its input names (a complaint's device sale, with the sale's
 * traceability data; the return or card that opened it), and the cases that name it (the
 * complaint a return opened, the returns of a sale): each with its number, state and record,
 * drawn by the linked process's own summary.
 */
import { findProcess, inLang, trilingual } from '../../machines/index.js';
import type { CaseView } from '../core/caseView.js';
import type { Lang } from './i18n.js';
import { RecordBlocks } from './shown.js';

const linkedTitle = trilingual('Linked cases', '关联案件', '關聯案件');
const namingTitle = trilingual('Cases that refer to this one', '引用本案的案件', '引用本案的案件');

export function LinkedCases({ lang, linked, labelOf, naming = false }: { lang: Lang; linked: CaseView[]; labelOf: (type: string, state: string) => string; naming?: boolean }) {
  if (linked.length === 0) return null;
  return (
    <section class="panel linked-cases" data-testid={naming ? 'naming-cases' : 'linked-cases'}>
      <h2>{inLang(naming ? namingTitle : linkedTitle, lang)}</h2>
      {linked.map((view) => {
        const definition = findProcess(view.type, view.definitionVersion);
        return (
          <div class="linked-case">
            <h3>
              <a href={`/cases/${view.id}`}>{view.number}</a> · {definition ? inLang(definition.title, lang) : view.type} ·{' '}
              {labelOf(view.type, view.state)}
            </h3>
            {definition ? <RecordBlocks lang={lang} blocks={definition.summary.record(view.context)} /> : null}
          </div>
        );
      })}
    </section>
  );
}
