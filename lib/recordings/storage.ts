// Where encrypted recordings are kept. A directory (a volume) today; the interface is what an
// S3-compatible store would implement (put = multipart upload, discardIncomplete = abort uploads).
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { access, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

export type StoredObject = { key: string; modifiedAt: Date };

export interface RecordingStorage {
  /** Stores the whole stream under `key`, all or nothing: the key appears only once it is durable. */
  put(key: string, data: Readable): Promise<number>;
  /** Bytes [start, end], inclusive. */
  read(key: string, start: number, end: number): Readable;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  list(prefix: string): Promise<StoredObject[]>;
  /** Drops unfinished writes left by a crash: those under `prefix`, and any older than `olderThan`. */
  discardIncomplete(opts: { prefix?: string; olderThan?: Date }): Promise<number>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const TEMP_DIR = ".tmp";

/** Files in one directory; unfinished writes in `.tmp/` beside them, fsynced and renamed when done. */
export class DirectoryStorage implements RecordingStorage {
  constructor(readonly root: string) {}

  async put(key: string, data: Readable): Promise<number> {
    const final = this.pathOf(key);
    const temp = path.join(this.root, TEMP_DIR, `${key}.${randomUUID()}.part`);
    await mkdir(path.dirname(temp), { recursive: true, mode: 0o700 });
    // flush: fsync before close, so the rename below never publishes a file the disk has not got.
    const out = createWriteStream(temp, { flags: "wx", mode: 0o600, flush: true });
    try {
      await pipeline(data, out);
      await rename(temp, final);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    await syncDirectory(this.root);
    return out.bytesWritten;
  }

  read(key: string, start: number, end: number): Readable {
    return createReadStream(this.pathOf(key), { start, end });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const names = (await entries(this.root)).filter((e) => e.isFile() && e.name.startsWith(prefix)).map((e) => e.name);
    return Promise.all(names.map(async (key) => ({ key, modifiedAt: (await stat(this.pathOf(key))).mtime })));
  }

  async discardIncomplete({ prefix, olderThan }: { prefix?: string; olderThan?: Date }): Promise<number> {
    const dir = path.join(this.root, TEMP_DIR);
    let removed = 0;
    for (const entry of await entries(dir)) {
      const file = path.join(dir, entry.name);
      const mine = prefix !== undefined && entry.name.startsWith(`${prefix}.`);
      const modified = olderThan ? (await stat(file).catch(() => null))?.mtime : undefined;
      const stale = olderThan !== undefined && modified !== undefined && modified < olderThan;
      if (mine || stale) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private pathOf(key: string) {
    if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
    return path.join(this.root, key);
  }
}

async function entries(dir: string) {
  return readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
}

/** A rename is durable only once its directory is synced. */
async function syncDirectory(dir: string) {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
