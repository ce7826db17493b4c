export interface StartFailure {
  stderr?: string;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  executable?: string;
  platform?: NodeJS.Platform;
}
export function firstError(text: string): string;
export function sandboxFailure(failure: StartFailure): string | null;
export function explainStartFailure(failure: StartFailure): string;
