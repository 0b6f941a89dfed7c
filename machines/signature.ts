/**
 * A customer's signature (CONTRACT.md v2): the name of who signed and what they drew, as strokes
 * of points in a 1000 × 400 box. A name alone, or a dot, is not a signature: the drawing must
 * have enough points and reach far enough across or down to be a hand's mark.
 * Pure: no I/O, no clock.
 */
import { z } from 'zod';

/** The box every drawing is scaled to, whatever the size of the pad it was drawn on. */
export const SIGNATURE_BOX = { width: 1000, height: 400 } as const;
/** At least this many points in all strokes together. */
export const SIGNATURE_MIN_POINTS = 10;
/** The drawing spans at least this many units across or down. */
export const SIGNATURE_MIN_SPAN = 40;
/** Bounds that keep a signature well under the request limit (256 KiB). */
const MAX_STROKES = 100;
const MAX_POINTS = 5_000;

const point = z.tuple([z.number().min(0).max(SIGNATURE_BOX.width), z.number().min(0).max(SIGNATURE_BOX.height)]);
export type Point = z.infer<typeof point>;
export type Strokes = Point[][];

const strokesSchema = z.array(z.array(point).min(1).max(MAX_POINTS)).max(MAX_STROKES);

type Copy = { en: string; 'zh-Hans': string; 'zh-Hant': string };

/** Why `strokes` is no real drawing, in three languages, or null when it is one. */
export function drawingProblem(strokes: Strokes): Copy | null {
  const points = strokes.flat();
  if (points.length > MAX_POINTS) {
    return { en: `a signature has at most ${MAX_POINTS} points`, 'zh-Hans': `签名最多 ${MAX_POINTS} 个点`, 'zh-Hant': `簽名最多 ${MAX_POINTS} 個點` };
  }
  if (points.length < SIGNATURE_MIN_POINTS) {
    return {
      en: `the customer must sign by drawing: at least ${SIGNATURE_MIN_POINTS} points, not ${points.length}`,
      'zh-Hans': `请在签名板上签名:至少 ${SIGNATURE_MIN_POINTS} 个点`,
      'zh-Hant': `請在簽名板上簽名:至少 ${SIGNATURE_MIN_POINTS} 個點`,
    };
  }
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  if (span < SIGNATURE_MIN_SPAN) {
    return {
      en: `the drawing is too small to be a signature: it must span at least ${SIGNATURE_MIN_SPAN} units across or down`,
      'zh-Hans': '签名太小:请签得大一些',
      'zh-Hant': '簽名太小:請簽得大一些',
    };
  }
  return null;
}

export const signatureSchema = z
  .strictObject({
    signedBy: z.string().trim().min(1).max(200),
    strokes: strokesSchema,
  })
  .superRefine((signature, ctx) => {
    const problem = drawingProblem(signature.strokes);
    if (problem) ctx.addIssue({ code: 'custom', path: ['strokes'], message: problem.en, params: { copy: problem } });
  });

export type SignatureInput = z.infer<typeof signatureSchema>;
/** A signature as kept: stamped with the server's time when the event was applied. */
export type Signature = SignatureInput & { at: string };

export const stampSignature = (signature: SignatureInput, at: string): Signature => ({ ...signature, at });

/**
 * A plausible drawn signature (a wave across the box) for demo cases, tests and benchmarks: what
 * a pad sends when someone signs, never used by the screens themselves.
 */
export function sampleSignature(signedBy: string): SignatureInput {
  const stroke: Point[] = Array.from({ length: 24 }, (_, i) => [80 + i * 35, Math.round(200 + 90 * Math.sin(i / 2))]);
  return { signedBy, strokes: [stroke, [[300, 320], [700, 330]]] };
}
