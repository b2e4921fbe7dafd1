/**
 * The data-dir lock: `<dataDir>/topicops.lock` holds the owner's pid (first line) and, once its listeners are
 * bound, its bootstrap address (second line). A second live process opening the same dir gets a
 * DataDirLockedError naming the holder; a lock left by a dead process (kill -9) is taken over. Within one
 * process the same dir cannot be opened twice either (tracked by real path).
 */
import { open, readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFileAtomic } from './persistence.js';

export const LOCK_FILE = 'topicops.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly bootstrap: string | null,
  ) {
    super(
      `data dir ${dataDir} is in use by process ${pid} (a running topicops cluster?). ` +
        `Stop it, or point topicops at it with --bootstrap ${bootstrap ?? '127.0.0.1:9092'}`,
    );
    this.name = 'DataDirLockedError';
  }
}

const openInThisProcess = new Set<string>();

export interface DataDirLock {
  readonly dataDir: string;
  /** Records the bootstrap address in the lock file, for the message another process shows. */
  setBootstrap(bootstrap: string): Promise<void>;
  release(): Promise<void>;
}

/** True if a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<{ pid: number; bootstrap: string | null } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const [pidLine = '', bootstrapLine = ''] = text.split('\n');
  return { pid: Number.parseInt(pidLine.trim(), 10), bootstrap: bootstrapLine.trim() || null };
}

/** Takes the lock of an existing directory, or throws DataDirLockedError. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const key = await realpath(dataDir);
  const file = join(key, LOCK_FILE);
  if (openInThisProcess.has(key)) {
    const holder = await readHolder(file);
    throw new DataDirLockedError(dataDir, process.pid, holder?.bootstrap ?? null);
  }
  openInThisProcess.add(key);
  try {
    await acquire(dataDir, file);
  } catch (e) {
    openInThisProcess.delete(key);
    throw e;
  }
  let released = false;
  return {
    dataDir,
    async setBootstrap(bootstrap: string): Promise<void> {
      // Atomic, so another process never reads a half-written lock.
      await writeFileAtomic(file, `${process.pid}\n${bootstrap}\n`);
    },
    async release(): Promise<void> {
      if (released) return;
      released = true;
      try {
        const holder = await readHolder(file);
        if (holder?.pid === process.pid) await rm(file, { force: true });
      } finally {
        openInThisProcess.delete(key);
      }
    },
  };
}

/** Reads the lock, giving a holder that has just created it (pid not written yet) a moment to write its pid. */
async function readSettledHolder(file: string): Promise<{ pid: number; bootstrap: string | null } | null> {
  let holder = await readHolder(file);
  for (let i = 0; i < 5 && holder !== null && Number.isNaN(holder.pid); i++) {
    await sleep(50);
    holder = await readHolder(file);
  }
  return holder;
}

async function acquire(dataDir: string, file: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o644);
      try {
        await fh.writeFile(`${process.pid}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readSettledHolder(file);
    // Our own pid here means a lock left by an earlier run in this process that was never released.
    if (holder && isProcessAlive(holder.pid) && holder.pid !== process.pid) {
      throw new DataDirLockedError(dataDir, holder.pid, holder.bootstrap);
    }
    // Stale (dead holder, unreadable pid or empty file): remove it and try again.
    await rm(file, { force: true });
  }
  const holder = await readHolder(file);
  throw new DataDirLockedError(dataDir, holder?.pid ?? -1, holder?.bootstrap ?? null);
}
