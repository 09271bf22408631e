import JsBarcode from 'jsbarcode';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';

/**
 * A CODE128 barcode drawn into an inline SVG, so it stays sharp at any zoom and prints well. CODE128 encodes any
 * ASCII text, which covers card numbers and coupon codes alike. The SVG is one image to assistive technology,
 * named by its value: a screen reader reads the number instead of hundreds of bars.
 */
export function Barcode({ value, label, height = 72 }: { value: string; label: string; height?: number }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current === null) return;
    JsBarcode(ref.current, value, {
      format: 'CODE128',
      height,
      width: 2,
      margin: 8,
      displayValue: true,
      fontSize: 16,
      background: '#ffffff',
      lineColor: '#000000',
    });
    // JsBarcode writes fixed pixel sizes; a viewBox lets the code shrink to a narrow phone without clipping.
    const svg = ref.current;
    const width = svg.getAttribute('width');
    const heightAttr = svg.getAttribute('height');
    if (width !== null && heightAttr !== null) {
      svg.setAttribute('viewBox', `0 0 ${Number.parseFloat(width)} ${Number.parseFloat(heightAttr)}`);
      svg.removeAttribute('width');
      svg.removeAttribute('height');
    }
  }, [value, height]);
  return <svg ref={ref} className="barcode" role="img" aria-label={label} />;
}

/**
 * A QR code as an image. Generated in the browser from the value alone: nothing about the member leaves the page.
 * Error correction M survives a scratched phone screen while keeping the modules large enough for old scanners.
 */
export function QrCode({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 2, width: size * 2 }).then(
      (data) => {
        if (current) setUrl(data);
      },
      () => {
        if (current) setUrl(undefined);
      },
    );
    return () => {
      current = false;
    };
  }, [value, size]);
  if (url === undefined) return <div className="qr placeholder" style={{ width: size, height: size }} />;
  return <img className="qr" src={url} alt={label} width={size} height={size} />;
}
