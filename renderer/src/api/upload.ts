/** What a failed upload rejects with: the server's error shape, or `upload_failed` / `cancelled` from here. */
export interface UploadError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface Uploaded {
  /** Where the server stored the file; give it to an import. */
  path: string;
  size: number;
}

/**
 * Browser mode only: sends a file as the raw body of POST /api/upload (auth by the HttpOnly cookie),
 * reporting the fraction sent. XMLHttpRequest is used because fetch reports no upload progress.
 * Rejects with the server's error shape, or a `cancelled` / `upload_failed` one.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // handled below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof (body as Uploaded).path === 'string') {
        onProgress(1);
        resolve(body as Uploaded);
      } else {
        const error = (body as { error?: UploadError } | null)?.error;
        reject(error ?? ({ code: 'upload_failed', message: `The upload of ${file.name} failed (HTTP ${xhr.status}).` } satisfies UploadError));
      }
    };
    xhr.onerror = () => reject({ code: 'upload_failed', message: `The upload of ${file.name} failed: the connection to Ciclo was lost.` } satisfies UploadError);
    xhr.onabort = () => reject({ code: 'cancelled', message: `The upload of ${file.name} was cancelled.` } satisfies UploadError);
    if (signal) {
      if (signal.aborted) return xhr.abort();
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(file);
  });
}
