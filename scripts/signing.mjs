#!/usr/bin/env node
// `npm run dist` runs this before electron-builder: it says, from the environment, whether the package
// about to be built will be signed (and on macOS notarised), and stops early when a set of variables is
// incomplete (electron-builder would fail only after building everything). Nothing here holds secrets:
// electron-builder reads the same variables itself. See the README, "Signing the packages".
//
// Usage: node scripts/signing.mjs [--platform darwin|win32|linux]   (exit 0: go on, 1: incomplete settings)
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const platform = args.includes('--platform') ? args[args.indexOf('--platform') + 1] : process.platform;

/** The plan for one platform: lines to print, and problems that must stop the build. */
export function signingPlan(target, env) {
  const lines = [];
  const problems = [];
  const set = (name) => Boolean(env[name] && String(env[name]).trim());
  if (target === 'darwin') {
    if (set('CSC_LINK'))
      lines.push(`macOS: signing with the Developer ID certificate in CSC_LINK${set('CSC_KEY_PASSWORD') ? '' : ' (no CSC_KEY_PASSWORD: the .p12 must have no password)'}.`);
    else if (set('CSC_NAME')) lines.push(`macOS: signing with the keychain identity "${env.CSC_NAME}".`);
    else
      lines.push(
        'macOS: no CSC_LINK or CSC_NAME, so electron-builder signs with a "Developer ID Application" identity from the keychain if it finds one, else the app is NOT signed and Gatekeeper blocks it on other Macs.',
      );
    const appleId = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
    const apiKey = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'];
    const partial = (group) => group.some(set) && !group.every(set);
    if (partial(appleId)) problems.push(`macOS notarisation: set all of ${appleId.join(', ')} (missing: ${appleId.filter((n) => !set(n)).join(', ')}).`);
    else if (partial(apiKey)) problems.push(`macOS notarisation: set all of ${apiKey.join(', ')} (missing: ${apiKey.filter((n) => !set(n)).join(', ')}).`);
    else if (appleId.every(set)) lines.push(`macOS: notarising with the Apple ID ${env.APPLE_ID} (team ${env.APPLE_TEAM_ID}).`);
    else if (apiKey.every(set)) lines.push(`macOS: notarising with the App Store Connect API key ${env.APPLE_API_KEY_ID}.`);
    else if (set('APPLE_KEYCHAIN_PROFILE')) lines.push(`macOS: notarising with the notarytool keychain profile "${env.APPLE_KEYCHAIN_PROFILE}".`);
    else
      lines.push(
        'macOS: notarisation skipped (no APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_KEYCHAIN_PROFILE): Gatekeeper blocks an un-notarised dmg on other Macs.',
      );
  } else if (target === 'win32') {
    const link = set('WIN_CSC_LINK') ? 'WIN_CSC_LINK' : set('CSC_LINK') ? 'CSC_LINK' : null;
    if (link) {
      const password = link === 'WIN_CSC_LINK' ? 'WIN_CSC_KEY_PASSWORD' : 'CSC_KEY_PASSWORD';
      if (!set(password)) problems.push(`Windows signing: ${link} is set but ${password} is not (a code-signing .pfx always has a password).`);
      else lines.push(`Windows: signing the installer and the app with the certificate in ${link}.`);
    } else lines.push('Windows: code signing skipped (no WIN_CSC_LINK or CSC_LINK): SmartScreen warns about an unsigned installer ("Windows protected your PC").');
  } else {
    lines.push('Linux: AppImage and deb are not signed (apt and AppImage do not check a publisher signature); publish their SHA-256 sums instead.');
  }
  return { lines, problems };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { lines, problems } = signingPlan(platform, process.env);
  for (const line of lines) process.stdout.write(`${line}\n`);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${p}\n`);
    process.stderr.write('Fix these variables (README, "Signing the packages"), or unset them all to build an unsigned package.\n');
    process.exit(1);
  }
}
