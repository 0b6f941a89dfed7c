// caseflow screens: the little script they need. Served from this origin (the CSP allows no
// inline script). Every page works without it except the signature pad.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  for (const pad of document.querySelectorAll('[data-signature]')) signaturePad(pad);
  for (const rows of document.querySelectorAll('[data-rows]')) rowsEditor(rows);
  for (const form of document.querySelectorAll('form[data-json-sign]')) jsonSigning(form);
  for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
  for (const form of document.querySelectorAll('form:not([data-json-sign])')) form.addEventListener('submit', () => beforeSubmit(form));
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

/**
 * A list of records: add and remove rows (the server reads whatever rows are posted, in order,
 * and leaves blank ones out), and show each row's amount and the total as prices are typed.
 */
function rowsEditor(fieldset) {
  const list = fieldset.querySelector('.row-list');
  const template = fieldset.querySelector('template[data-row-template]');
  const word = fieldset.dataset.rowWord || '{n}';
  let next = Number(fieldset.dataset.nextRow) || list.children.length;
  const renumber = () => {
    [...list.children].forEach((card, i) => {
      const label = word.replace('{n}', String(i + 1));
      card.setAttribute('aria-label', label);
      const number = card.querySelector('.row-number');
      if (number) number.textContent = label;
      const remove = card.querySelector('[data-remove-row]');
      if (remove) remove.setAttribute('aria-label', `${remove.textContent.trim()} (${label})`);
    });
  };
  fieldset.querySelector('[data-add-row]')?.addEventListener('click', () => {
    list.insertAdjacentHTML('beforeend', template.innerHTML.replaceAll('__i__', String(next++)).replaceAll('__n__', String(list.children.length + 1)));
    renumber();
    totals(fieldset);
    list.lastElementChild?.querySelector('input:not([type=hidden]), select, textarea')?.focus();
  });
  list.addEventListener('click', (event) => {
    const button = event.target.closest('[data-remove-row]');
    if (!button) return;
    const card = button.closest('.row-card');
    const focusAfter = card.nextElementSibling || card.previousElementSibling;
    card.remove();
    renumber();
    totals(fieldset);
    (focusAfter?.querySelector('input:not([type=hidden]), select') || fieldset.querySelector('[data-add-row]'))?.focus();
  });
  list.addEventListener('input', () => totals(fieldset));
  totals(fieldset);
}

/** Yuan as typed (2,670.00; full-width digits) into fen, or null. Mirrors the server's reading. */
function fenOf(typed) {
  const text = String(typed).normalize('NFKC').replace(/[。．]/g, '.').replace(/[\s,_']/g, '').replace(/^[¥￥]/, '');
  const match = /^(\d*)(?:\.(\d{0,2})0*)?$/.exec(text);
  if (!text || !match || (match[1] === '' && !match[2])) return null;
  return Number(match[1] || '0') * 100 + Number(((match[2] || '') + '00').slice(0, 2));
}

function totals(fieldset) {
  const format = new Intl.NumberFormat(document.documentElement.lang || undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  let total = 0;
  let any = false;
  for (const card of fieldset.querySelectorAll('.row-list > .row-card')) {
    const out = card.querySelector('[data-row-amount]');
    const quantity = Number(String(card.querySelector('[data-qty]')?.value ?? '').normalize('NFKC').replace(/,/g, ''));
    const price = fenOf(card.querySelector('[data-money]')?.value ?? '');
    if (!out) continue;
    if (price === null || !(quantity > 0)) {
      out.textContent = '';
      continue;
    }
    // quantity × price, rounded half-up to a whole fen, as the server computes it.
    const amount = Math.floor((Math.round(quantity * 100) * price + 50) / 100);
    out.textContent = `¥${format.format(amount / 100)}`;
    total += amount;
    any = true;
  }
  const sum = fieldset.querySelector('[data-rows-total]');
  if (sum) sum.textContent = any ? `¥${format.format(total / 100)}` : '—';
}

/**
 * The customer's phone: the signature goes to this page's own URL as JSON, and the answer is
 * said on the page (the contract's link takes JSON, not a form post).
 */
function jsonSigning(form) {
  const outcome = form.querySelector('[data-sign-outcome]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const signedBy = form.querySelector('input[name="customerSignature.signedBy"]').value.trim();
    const strokes = readStrokes(form.querySelector('input[name="customerSignature.strokes"]').value);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const response = await fetch(location.pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ customerSignature: { signedBy, strokes } }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        form.dataset.signed = 'true';
        outcome.className = 'sign-outcome notice ok';
        outcome.textContent = outcome.dataset.done;
        for (const control of form.querySelectorAll('input, button, canvas')) control.setAttribute('disabled', '');
        form.querySelector('.pad-frame')?.classList.add('done');
        return;
      }
      const problems = Array.isArray(body?.error?.details) ? body.error.details.map((d) => d.message).join('; ') : '';
      outcome.className = 'sign-outcome notice error';
      outcome.textContent = `${outcome.dataset.failed} ${body?.error?.message ?? response.status}${problems ? ` (${problems})` : ''}`;
    } catch {
      outcome.className = 'sign-outcome notice error';
      outcome.textContent = outcome.dataset.failed;
    }
    button.disabled = false;
  });
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
