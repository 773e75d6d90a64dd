// Save a file from the page: a temporary object URL on a download link (no server round trip).

export function saveFile(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type: `${type};charset=utf-8` }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; revoke later so a slow browser still reads the URL.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
