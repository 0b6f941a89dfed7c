// caseflow screens: the little script they need. Served from this origin (the CSP allows no
// inline script). Every page works without it except the signature pad.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  for (const pad of document.querySelectorAll('[data-signature]')) signaturePad(pad);
  for (const form of document.querySelectorAll('form')) form.addEventListener('submit', () => beforeSubmit(form));
  localTimes();
});

// Coming back to a page from the history: its buttons were disabled by the submit that left it.
window.addEventListener('pageshow', () => {
  for (const button of document.querySelectorAll('button[type=submit]')) button.disabled = false;
});

/**
 * The customer signs on a canvas driven by signature_pad (served from this origin). Its strokes,
 * in CSS pixels of the canvas, are scaled to the 1000 × 400 box of the contract and kept in the
 * hidden `<field>.strokes` input, so a refused form comes back with the drawing still on it.
 */
const BOX = { width: 1000, height: 400 };
const MIN_POINTS = 10;
const MIN_SPAN = 40;

function signaturePad(field) {
  const canvas = field.querySelector('canvas');
  const input = field.querySelector('input[type=hidden][name$=".strokes"]');
  const status = field.querySelector('[data-pad-status]');
  if (!canvas || !input || typeof window.SignaturePad !== 'function') return;
  const words = { sign: status?.textContent ?? '', more: field.dataset.keepDrawing ?? '', done: field.dataset.signedThanks ?? '' };
  const pad = new window.SignaturePad(canvas, { penColor: '#10243e', minWidth: 1, maxWidth: 2.6, minDistance: 2 });
  let strokes = readStrokes(input.value);

  const size = () => ({ width: canvas.offsetWidth || 1, height: canvas.offsetHeight || 1 });
  const show = () => {
    const points = strokes.flat();
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const span = points.length ? Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) : 0;
    const enough = points.length >= MIN_POINTS && span >= MIN_SPAN;
    if (enough) field.dataset.signed = 'true';
    else delete field.dataset.signed;
    if (status) status.textContent = points.length === 0 ? words.sign : enough ? words.done : words.more;
  };
  // Draws the kept strokes at the canvas's present size (after a resize, or a refused form).
  const redraw = () => {
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const { width, height } = size();
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    canvas.getContext('2d').scale(ratio, ratio);
    pad.clear();
    if (strokes.length) {
      pad.fromData(
        strokes.map((stroke) => ({
          penColor: pad.penColor, dotSize: pad.dotSize, minWidth: pad.minWidth, maxWidth: pad.maxWidth,
          velocityFilterWeight: pad.velocityFilterWeight, compositeOperation: pad.compositeOperation,
          points: stroke.map(([x, y]) => ({ x: (x * width) / BOX.width, y: (y * height) / BOX.height, pressure: 0.5, time: 0 })),
        })),
      );
    }
    show();
  };
  pad.addEventListener('endStroke', () => {
    const { width, height } = size();
    const clamp = (v, max) => Math.round(Math.min(max, Math.max(0, v)) * 10) / 10;
    strokes = pad
      .toData()
      .map((group) => group.points.map((p) => [clamp((p.x * BOX.width) / width, BOX.width), clamp((p.y * BOX.height) / height, BOX.height)]));
    input.value = strokes.length ? JSON.stringify(strokes) : '';
    show();
  });
  field.querySelector('[data-clear]')?.addEventListener('click', () => {
    strokes = [];
    input.value = '';
    pad.clear();
    show();
  });
  let last = size().width;
  window.addEventListener('resize', () => {
    if (size().width !== last) {
      last = size().width;
      redraw();
    }
  });
  redraw();
}

function readStrokes(value) {
  try {
    const parsed = JSON.parse(value || '[]');
    return Array.isArray(parsed) ? parsed.filter(Array.isArray) : [];
  } catch {
    return [];
  }
}

/** Date-time inputs are local to this browser: send the instant they mean, in ISO form. */
function beforeSubmit(form) {
  for (const input of form.querySelectorAll('input[type=datetime-local][data-iso]')) {
    const target = form.querySelector(`input[type=hidden][name="${CSS.escape(input.dataset.iso)}"]`);
    if (!target) continue;
    const instant = input.value ? new Date(input.value) : null;
    target.value = instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : '';
  }
  for (const button of form.querySelectorAll('button[type=submit]')) button.disabled = true;
}

/** Moments are rendered in the server's time zone; show them in this browser's. */
function localTimes() {
  const locale = document.documentElement.lang || undefined;
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  for (const time of document.querySelectorAll('time[datetime]')) {
    const instant = new Date(time.getAttribute('datetime'));
    if (!Number.isNaN(instant.getTime())) time.textContent = format.format(instant);
  }
}
