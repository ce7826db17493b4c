/**
 * A word as a command line suggested to the user should hold it: as it is when it needs no quoting, else in
 * double quotes (which POSIX shells, PowerShell and cmd all read), with ", \, $ and ` escaped for POSIX shells.
 * Column and data set names often hold spaces ("Fecha de alta"): a hint that printed them bare split them.
 */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}
