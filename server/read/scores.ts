/** Average scores of a process's cases by dimension (an opinion card's touchpoint), for the board. */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/index.js';
import type { ProcessDefinition } from '../../machines/index.js';
import { apiCopy } from './processView.js';

export const scoreAverageSchema = z.object({
  dimension: z.string(),
  label: z.object({ en: z.string(), 'zh-Hans': z.string(), 'zh-Hant': z.string(), zh: z.string() }),
  /** Mean of every score reported in this dimension, to two decimals; null when there is none yet. */
  average: z.number().nullable(),
  /** How many cases reported scores here. */
  cases: z.number().int(),
});
export type ScoreAverage = z.infer<typeof scoreAverageSchema>;

/** Every dimension the process declares, including those with no scores yet; undefined when it reports none. */
export async function scoreAverages(db: Db, definition: ProcessDefinition): Promise<ScoreAverage[] | undefined> {
  if (!definition.scoreDimensions) return undefined;
  const rows = await queryRows<{ dimension: string; average: number; cases: number }>(
    db,
    sql`SELECT dimension, round(avg(score), 2)::float8 AS average, count(DISTINCT case_id)::int AS cases
        FROM case_scores WHERE process_type = ${definition.type} GROUP BY dimension`,
  );
  const byDimension = new Map(rows.map((r) => [r.dimension, r]));
  return Object.entries(definition.scoreDimensions).map(([dimension, label]) => ({
    dimension,
    label: apiCopy(label),
    average: byDimension.has(dimension) ? Number(byDimension.get(dimension)!.average) : null,
    cases: byDimension.get(dimension)?.cases ?? 0,
  }));
}
