/**
 * Hands bytes the core produced to the user as a file download (browser mode downloads it; the desktop app
 * shows Electron's save dialog for downloads). One helper for every export button.
 */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A text (HTML, Markdown, JSON) as a download. */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Bytes sent as base64 (a bundle) as a download. */
export function downloadBase64(fileName: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  downloadBlob(fileName, new Blob([bytes], { type: 'application/octet-stream' }));
}
