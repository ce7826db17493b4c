import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/**
 * Who owns a job: a process on a host, told apart from a later process that reuses its pid by its start
 * time. On Linux the start time is field 22 of /proc/PID/stat (clock ticks since boot) prefixed with the
 * boot id, so a reboot never matches; on macOS and the BSDs it is `ps -o lstart=`; on Windows there is no
 * cheap way, so the pid alone is checked (and the heartbeat decides when the pid is gone or unknown).
 */

export interface Owner {
  pid: number;
  host: string;
  /** An opaque token for the process's start; null when the platform cannot tell. */
  start: string | null;
}

export type Liveness = 'alive' | 'dead' | 'unknown';

let bootId: string | null | undefined;
function linuxBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/** The process's state and start as /proc reports them (Linux), or null when /proc has no such process. */
function procStat(pid: number): { state: string; start: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // the command name (field 2) may hold spaces and parentheses: fields resume after the last ')'
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field 22 (starttime) is rest[19]
  return { state: rest[0], start: `${linuxBootId() ?? 'boot'}:${rest[19]}` };
}

const hasProc = process.platform === 'linux' && fs.existsSync('/proc/self/stat');

/** The start token of a process, or null when it cannot be read (no such process, or the platform cannot tell). */
export function processStart(pid: number): string | null {
  if (hasProc) return procStat(pid)?.start ?? null;
  if (process.platform === 'win32') return null;
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out || null;
  } catch {
    return null;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let self: Owner | undefined;
/** This process as an owner. */
export function currentOwner(): Owner {
  self ??= { pid: process.pid, host: os.hostname(), start: processStart(process.pid) };
  return self;
}

/**
 * Whether the owner recorded for a job is still running. 'alive': its pid runs on this host and (when
 * the start was recorded and can be read) started at the same moment, whatever its heartbeat says (a
 * process stopped with SIGSTOP, a suspended laptop, a long synchronous step). 'dead': gone, a zombie, or
 * its pid now belongs to another process. 'unknown': another host, or nothing recorded to check.
 */
export function ownerLiveness(owner: { pid: number | null; host: string | null; start: string | null }): Liveness {
  if (owner.pid == null || !owner.host || owner.host !== os.hostname()) return 'unknown';
  if (hasProc) {
    const stat = procStat(owner.pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') return 'dead';
    if (owner.start == null) return 'unknown';
    return stat.start === owner.start ? 'alive' : 'dead';
  }
  if (!pidExists(owner.pid)) return 'dead';
  if (owner.start == null) return 'unknown';
  const now = processStart(owner.pid);
  if (now == null) return 'unknown';
  return now === owner.start ? 'alive' : 'dead';
}
