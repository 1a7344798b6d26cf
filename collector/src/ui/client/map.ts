// Journey map page: Print, and PNG export (the server's SVG drawn onto a canvas at 2×).
// The buttons stay hidden without this script; SVG and CSV are plain links that work without it.
const print = document.getElementById('print-map') as HTMLButtonElement | null;
const png = document.getElementById('export-png') as HTMLButtonElement | null;

if (print) {
  print.hidden = false;
  print.addEventListener('click', () => window.print());
}

if (png) {
  png.hidden = false;
  png.addEventListener('click', async () => {
    png.disabled = true;
    const label = png.textContent;
    png.textContent = 'Exporting…';
    try {
      const res = await fetch(png.dataset.svg!, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const svg = await res.blob();
      const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      const img = new Image();
      await new Promise<void>((resolve, reject) => {
        img.onload = () => resolve();
        img.onerror = () => reject(new Error('the SVG could not be drawn'));
        img.src = url;
      });
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth * 2;
      canvas.height = img.naturalHeight * 2;
      const ctx = canvas.getContext('2d')!;
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
      if (!blob) throw new Error('the browser could not encode a PNG');
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'journey-map.png';
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      alert(`PNG export failed: ${(e as Error).message}. Download the SVG instead.`);
    } finally {
      png.disabled = false;
      png.textContent = label;
    }
  });
}

export {};
