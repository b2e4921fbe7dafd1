/**
 * `<dataDir>/metadata.json`: loaded on start, rewritten atomically after every change (temp file, fsync, rename,
 * fsync of the directory), so a crash leaves either the old or the new file, never a torn one.
 * Writes are coalesced: changes made while a write is in flight go out in one following write.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { PersistedMetadata } from './model/types.js';
import { METADATA_FORMAT, METADATA_VERSION } from './model/types.js';

export const METADATA_FILE = 'metadata.json';

/** metadata.json exists but cannot be used. */
export class MetadataFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot load ${file}: ${reason}`);
    this.name = 'MetadataFileError';
  }
}

/** Reads `<dataDir>/metadata.json`; null when there is none (a new cluster). */
export async function loadMetadata(dataDir: string): Promise<PersistedMetadata | null> {
  const file = join(dataDir, METADATA_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new MetadataFileError(file, `not JSON (${(e as Error).message})`);
  }
  const m = parsed as Partial<PersistedMetadata> | null;
  if (!m || m.format !== METADATA_FORMAT) throw new MetadataFileError(file, `not a ${METADATA_FORMAT} file`);
  if (m.version !== METADATA_VERSION) throw new MetadataFileError(file, `unsupported version ${String(m.version)}`);
  if (typeof m.clusterId !== 'string' || !Array.isArray(m.brokers) || !Array.isArray(m.topics) || !m.configs) {
    throw new MetadataFileError(file, 'missing clusterId, brokers, topics or configs');
  }
  return m as PersistedMetadata;
}

/** Writes `content` to `file` atomically and durably. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = join(file, '..');
  const tmp = `${file}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(content, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Coalescing writer of metadata.json for one model. */
export class MetadataPersister {
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private latest: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly snapshot: () => PersistedMetadata,
    private readonly log: Logger,
  ) {}

  /** Requests a write of the current state; `whenWritten()` settles once it is on disk. */
  schedule(): void {
    if (this.queued) return;
    const p = this.chain.then(async () => {
      this.queued = null;
      await writeFileAtomic(join(this.dataDir, METADATA_FILE), `${JSON.stringify(this.snapshot(), null, 1)}\n`);
    });
    this.queued = p;
    this.latest = p;
    // Failures reach whoever awaits whenWritten(); this keeps the chain going and leaves a log line.
    this.chain = p.catch((e: unknown) => {
      this.log.error({ err: e, dataDir: this.dataDir }, 'writing metadata.json failed');
    });
  }

  /** Settles when every change scheduled so far is on disk; rejects if that write failed. */
  whenWritten(): Promise<void> {
    return this.latest;
  }

  /** Writes the current state now (after any write in flight). */
  async flush(): Promise<void> {
    this.schedule();
    await this.latest;
  }
}
