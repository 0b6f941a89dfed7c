/** @jsxImportSource hono/jsx */
/**
 * A customer's signature on screen and on paper: the strokes they drew, drawn back as SVG in the
 * same 1000 × 400 box the pad scaled them to; and the pad itself (a canvas that `signature_pad`
 * drives in the browser, see static/app.js), whose strokes travel in a hidden input.
 */
import { SIGNATURE_BOX, type Strokes } from '../../machines/signature.js';
import { moment, t, type Lang } from './i18n.js';

/** What a kept signature looks like to the screens (older records may carry only a name). */
export interface ShownSignature {
  signedBy?: string;
  strokes?: Strokes;
  at?: string;
}

/** The `d` of an SVG path through each stroke; a stroke of one point is a dot. */
export function strokePath(strokes: Strokes): string {
  const n = (v: number) => String(Math.round(v * 10) / 10);
  return strokes
    .filter((stroke) => stroke.length > 0)
    .map((stroke) => {
      const [first, ...rest] = stroke;
      const start = `M${n(first![0])} ${n(first![1])}`;
      return rest.length === 0 ? `${start}h0.1` : `${start}L${rest.map(([x, y]) => `${n(x)} ${n(y)}`).join(' ')}`;
    })
    .join('');
}

/** The strokes drawn back, with who signed and when underneath. */
export function SignatureDrawing({ lang, signature, caption = true }: { lang: Lang; signature: ShownSignature; caption?: boolean }) {
  const label = `${t(lang, 'signatureOf')} ${signature.signedBy ?? ''}`.trim();
  return (
    <figure class="signature-shown" data-signed-by={signature.signedBy}>
      {signature.strokes?.length ? (
        <svg
          class="signature-drawing"
          viewBox={`0 0 ${SIGNATURE_BOX.width} ${SIGNATURE_BOX.height}`}
          role="img"
          aria-label={label}
          preserveAspectRatio="xMidYMid meet"
        >
          <path d={strokePath(signature.strokes)} fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round" stroke-linejoin="round" />
        </svg>
      ) : null}
      {caption ? (
        <figcaption>
          {signature.signedBy}
          {signature.at ? (
            <>
              {' · '}
              <time datetime={signature.at}>{moment(lang, signature.at)}</time>
            </>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A signature somewhere in an event payload or a record, when it is one. */
export function signatureIn(value: unknown): ShownSignature | undefined {
  const signature = (value as { customerSignature?: unknown } | null)?.customerSignature;
  if (!signature || typeof signature !== 'object') return undefined;
  const { signedBy, strokes, at } = signature as Record<string, unknown>;
  return {
    signedBy: typeof signedBy === 'string' ? signedBy : undefined,
    strokes: Array.isArray(strokes) ? (strokes as Strokes) : undefined,
    at: typeof at === 'string' ? at : undefined,
  };
}

export interface SignaturePadProps {
  lang: Lang;
  /** Dotted form name of the signature: `customerSignature`. */
  name: string;
  id: string;
  legend: string;
  signedBy: string;
  /** Strokes already drawn (as the JSON the pad wrote), kept when a form comes back refused. */
  strokes: string;
  problems?: unknown;
}

/** The pad: who signs, the canvas, a button to start again. */
export function SignaturePad(props: SignaturePadProps) {
  const { lang } = props;
  return (
    <fieldset
      class="group signature"
      data-field={props.name}
      data-signature
      data-keep-drawing={t(lang, 'keepDrawing')}
      data-signed-thanks={t(lang, 'signedThanks')}
    >
      <legend>{props.legend}</legend>
      <div class="field">
        <label for={`${props.id}-signedBy`}>{t(lang, 'signedBy')}</label>
        <input type="text" id={`${props.id}-signedBy`} name={`${props.name}.signedBy`} value={props.signedBy} maxlength={200} autocomplete="off" />
      </div>
      <div class="pad-frame">
        <canvas class="signature-pad" id={`${props.id}-pad`} role="img" aria-label={t(lang, 'signHere')}></canvas>
        <span class="pad-line" aria-hidden="true">
          ✕
        </span>
      </div>
      <input type="hidden" name={`${props.name}.strokes`} value={props.strokes} />
      <div class="signature-tools">
        <span class="hint" data-pad-status aria-live="polite">
          {t(lang, 'signHere')}
        </span>
        <button type="button" class="secondary" data-clear>
          {t(lang, 'clear')}
        </button>
      </div>
      {props.problems}
    </fieldset>
  );
}
