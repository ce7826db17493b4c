import { shell, type App, type Session } from 'electron';
import { CONTENT_SECURITY_POLICY, isExternalLink } from './window-options.js';

/**
 * Session-wide rules: our Content-Security-Policy on every response (on top of the <meta> one in
 * index.html), and no permission (camera, notifications, geolocation...) is ever granted.
 */
export function hardenSession(session: Session, options: { devServer: boolean }): void {
  if (!options.devServer) {
    // The dev server needs inline scripts for hot reload; the built app gets the strict policy.
    session.webRequest.onHeadersReceived((details, callback) => {
      const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([k]) => k.toLowerCase() !== 'content-security-policy'));
      callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
  }
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Every web page Electron creates: no navigation away from our page, no new windows, no <webview>.
 * A link to a web page opens in the system browser instead.
 */
export function hardenWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      if (isExternalLink(url)) void shell.openExternal(url);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
