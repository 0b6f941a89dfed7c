// caseflow screens: the little script they need. Served from this origin (the CSP allows no
// inline script). Every page works without it except the signature pad.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  for (const pad of document.querySelectorAll('[data-signature]')) signaturePad(pad);
  for (const form of document.querySelectorAll('form')) form.addEventListener('submit', () => beforeSubmit(form));
  for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
  localTimes();
});

// Coming back to a page from the history: its buttons were disabled by the submit that left it.
window.addEventListener('pageshow', () => {
  for (const button of document.querySelectorAll('button[type=submit]')) button.disabled = false;
});

/** A canvas the customer signs on; its PNG goes into the hidden `<field>.image` input on submit. */
function signaturePad(pad) {
  const canvas = pad.querySelector('canvas');
  const image = pad.querySelector('input[type=hidden][name$=".image"]');
  const context = canvas.getContext('2d');
  context.lineWidth = 2.2;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.strokeStyle = '#10243e';
  let drawing = false;
  let last = null;
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) * canvas.width) / box.width, y: ((event.clientY - box.top) * canvas.height) / box.height };
  };
  canvas.addEventListener('pointerdown', (event) => {
    drawing = true;
    last = at(event);
    canvas.setPointerCapture(event.pointerId);
    context.beginPath();
    context.arc(last.x, last.y, 1, 0, Math.PI * 2);
    context.fillStyle = context.strokeStyle;
    context.fill();
    pad.dataset.signed = 'true';
    event.preventDefault();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const point = at(event);
    context.beginPath();
    context.moveTo(last.x, last.y);
    context.lineTo(point.x, point.y);
    context.stroke();
    last = point;
  });
  const stop = () => {
    drawing = false;
  };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  pad.querySelector('[data-clear]')?.addEventListener('click', () => {
    context.clearRect(0, 0, canvas.width, canvas.height);
    delete pad.dataset.signed;
    image.value = '';
  });
  pad.closest('form')?.addEventListener('submit', () => {
    image.value = pad.dataset.signed ? canvas.toDataURL('image/png') : '';
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
