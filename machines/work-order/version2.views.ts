/**
 * How version 2's additions are shown: the named items of the inspection, the maintenance
 * confirmation list, and who explained the bill (and whose place a manager took).
 */
import type { CaseSummary, Copy, FieldCopy, RecordBlock } from '../process.js';
import { workOrderFields, workOrderSummary } from './views.js';
import { inspectionItems, type WorkOrderContextV2 } from './version2.js';

export const workOrderFieldsV2: Record<string, FieldCopy> = {
  ...workOrderFields,
  checklist: {
    label: { en: 'Named items checked with the customer', 'zh-Hans': '外观功能件检查', 'zh-Hant': '外觀功能件檢查' },
    hint: { en: 'Write each item\'s condition as you see it, e.g. "works", "scratch on the left rear".', 'zh-Hans': '逐项写明状况,如"正常""左后有划痕"。', 'zh-Hant': '逐項寫明狀況,如「正常」「左後有劃痕」。' },
  },
  ...Object.fromEntries(Object.entries(inspectionItems).map(([key, label]) => [key, { label }])),
  maintenanceConfirmation: {
    label: { en: 'Maintenance confirmation list', 'zh-Hans': '保养确认单', 'zh-Hant': '保養確認單' },
    hint: { en: 'Each item checked, and what was found or done; explain them to the customer.', 'zh-Hans': '逐项列出所检查的项目及结果,并向顾客说明。', 'zh-Hant': '逐項列出所檢查的項目及結果,並向顧客說明。' },
  },
  item: { label: { en: 'Item', 'zh-Hans': '项目', 'zh-Hant': '項目' } },
  result: { label: { en: 'Result', 'zh-Hans': '结果', 'zh-Hant': '結果' } },
};

const words = {
  checklist: { en: 'Inspection: named items', 'zh-Hans': '外观功能件检查', 'zh-Hant': '外觀功能件檢查' },
  notKept: { en: 'not kept (inspected on version 1 of the work order)', 'zh-Hans': '未记录(按第 1 版工单检查)', 'zh-Hant': '未記錄(按第 1 版工單檢查)' },
  maintenance: { en: 'Maintenance confirmation list', 'zh-Hans': '保养确认单', 'zh-Hant': '保養確認單' },
  explainedBy: { en: 'Bill explained by', 'zh-Hans': '结算说明人', 'zh-Hant': '結算說明人' },
  tookOver: { en: 'taking over from', 'zh-Hans': '接替', 'zh-Hant': '接替' },
  receivedBy: { en: 'Car received by', 'zh-Hans': '接车人', 'zh-Hant': '接車人' },
} satisfies Record<string, Copy>;

function frontDeskBlocks(c: WorkOrderContextV2): RecordBlock[] {
  const blocks: RecordBlock[] = [];
  if (c.receivedBy) blocks.push({ kind: 'line', parts: [{ label: words.receivedBy, value: c.receivedBy.name }] });
  if (c.inspection) {
    const checklist = c.inspection.checklist;
    blocks.push(
      checklist
        ? {
            kind: 'table',
            title: words.checklist,
            rows: Object.entries(inspectionItems).flatMap(([key, label]) => {
              const check = checklist[key as keyof typeof checklist];
              return check ? [{ cells: [{ copy: label }, check.condition, check.note] }] : [];
            }),
          }
        : { kind: 'line', title: words.checklist, parts: [{ copy: words.notKept }] },
    );
  }
  if (c.maintenanceConfirmation) {
    blocks.push({
      kind: 'table',
      title: words.maintenance,
      rows: c.maintenanceConfirmation.map((m) => ({ cells: [m.item, m.result, m.note] })),
    });
  }
  if (c.explanation) {
    blocks.push({
      kind: 'line',
      parts: [
        { label: words.explainedBy, value: c.explanation.by.name },
        ...(c.explanation.tookOverFrom ? [{ label: words.tookOver, value: c.explanation.tookOverFrom.name }] : []),
      ],
    });
  }
  return blocks;
}

export const workOrderSummaryV2: CaseSummary<WorkOrderContextV2> = {
  headline: (c) => workOrderSummary.headline(c as never),
  record: (c) => [...workOrderSummary.record(c as never), ...frontDeskBlocks(c)],
};
