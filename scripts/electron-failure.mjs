// Why Electron could not start, in one line, from what it printed and how it ended (used by start.mjs).

/** The line of Electron's error output that says what went wrong. */
export function firstError(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error|cannot|failed|not found|missing/i.test(l)) ?? lines[0] ?? 'it exited at once without saying why';
  return line.replace(/^\[[^\]]*\]\s*/, '').slice(0, 200);
}

/**
 * Chromium refuses to run without a sandbox: on Ubuntu 23.10+/24.04, AppArmor forbids the unprivileged
 * user namespaces it would use, and node_modules/electron/dist/chrome-sandbox (the setuid fallback) is
 * not owned by root with mode 4755 after `npm install`. Electron then aborts with SIGTRAP, printing
 * "The SUID sandbox helper binary was found, but is not configured correctly" or "No usable sandbox!".
 */
export function sandboxFailure({ stderr = '', signal = null, executable = '', platform = process.platform }) {
  if (platform !== 'linux') return null;
  const said = /SUID sandbox helper binary|No usable sandbox|chrome-sandbox|apparmor-userns-restrictions/i.test(stderr);
  if (!said && signal !== 'SIGTRAP') return null;
  const named = /make sure that (\S*chrome-sandbox) is owned by root/.exec(stderr)?.[1];
  const helper = named ?? (executable ? `${executable.replace(/\/[^/]*$/, '')}/chrome-sandbox` : 'node_modules/electron/dist/chrome-sandbox');
  const confirmed = said ? '' : ' (it died by SIGTRAP, which is how it fails when it has no usable sandbox)';
  return (
    `Electron could not start its sandbox${confirmed}: AppArmor (Ubuntu 23.10+) blocks unprivileged user namespaces and ${helper} is not setuid root. ` +
    `Fix it once with "sudo chown root:root ${helper} && sudo chmod 4755 ${helper}", or allow Electron with an AppArmor profile (README, "Ubuntu 23.10+ and 24.04")`
  );
}

/** One line: why Electron could not start. */
export function explainStartFailure({ stderr = '', code = null, signal = null, executable = '', platform = process.platform }) {
  const sandbox = sandboxFailure({ stderr, signal, executable, platform });
  if (sandbox) return sandbox;
  return `Electron could not start (${signal ? `killed by ${signal}: ${firstError(stderr)}` : firstError(stderr)})`;
}
