import type { desktopMethods } from '../../shared/contract/desktop.js';
import { AppError } from '../../shared/contract/errors.js';
import type { CallContext, HandlersFor } from './router.js';

/**
 * Native dialogs exist only in the desktop app, whose main process answers them before the call reaches
 * the core. Any other door (browser mode, CLI) gets here and receives a clear error instead.
 */
function desktopOnly(method: string) {
  return (_input: unknown, ctx: CallContext): never => {
    throw new AppError(
      'conflict',
      `${method} is only available in the Ciclo desktop app, not through ${ctx.door === 'http' ? 'browser mode' : `the ${ctx.door} door`}: in browser mode, upload the file or type its path instead.`,
      {
        reason: 'desktop_only',
        method,
      },
    );
  };
}

export function desktopOnlyHandlers(): HandlersFor<typeof desktopMethods> {
  return {
    'dialog.openFile': desktopOnly('dialog.openFile'),
    'dialog.openFolder': desktopOnly('dialog.openFolder'),
    'dialog.saveFile': desktopOnly('dialog.saveFile'),
  };
}
