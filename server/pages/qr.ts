/**
 * A QR code for a link, drawn server-side as SVG by the `qrcode` package, so a customer can open
 * the link on their own phone by pointing its camera at the advisor's screen.
 */
import QRCode from 'qrcode';

/** The code as an inline SVG element, labelled for screen readers. */
export async function qrSvg(url: string, label: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const escaped = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escaped}" `);
}
