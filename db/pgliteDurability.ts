/**
 * The strongest durability PGlite 0.5.16 can give a folder on disk: PostgreSQL's own fsync at
 * every commit, as on a PostgreSQL server.
 *
 * Out of the box, PGlite starts PostgreSQL with `-F` (fsync off), and its Node filesystem
 * (Emscripten's NODEFS) has no `fsync` operation at all: PostgreSQL's `fdatasync` is a no-op in
 * Emscripten and its `fsync` ends in `stream_ops.fsync`, which NODEFS leaves undefined. Each write
 * still reaches the operating system at once (`fs.writeSync`), so a commit survives the process
 * being killed, but sits in the OS page cache until the OS writes it back: a power cut or OS crash
 * can lose it. `relaxedDurability: false` does not change that (it only awaits the filesystem's
 * `syncToFs`, a no-op on NODEFS, and `transaction()` skips it after COMMIT: PGlite issue 1065).
 *
 * So: fsync on, `wal_sync_method=fsync` (the one method that reaches the filesystem), and NODEFS
 * given the `fsync` it lacks (Node's `fsyncSync` on the file's descriptor), installed through
 * the filesystem's own `preRun` hook, the way PGlite mounts it. PostgreSQL then flushes the WAL
 * to the disk before COMMIT returns, for single statements and transactions alike, and fsyncs
 * data files at checkpoints.
 */
import { fsyncSync } from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type EmscriptenOptions = { preRun?: Array<(module: unknown) => void> } & Record<string, unknown>;
type NodeFsStream = { nfd: number };
type EmscriptenModule = { NODEFS: { stream_ops: { fsync?: (stream: NodeFsStream) => number } } };

/** NODEFS with an `fsync` that reaches the disk. */
class SyncingNodeFS extends NodeFS {
  override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = (await super.init(pg, options)) as { emscriptenOpts: EmscriptenOptions };
    const installFsync = (module: unknown) => {
      (module as EmscriptenModule).NODEFS.stream_ops.fsync = (stream) => {
        fsyncSync(stream.nfd);
        return 0;
      };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), installFsync] } };
  }
}

export type PgliteDurability = 'fsync' | 'os-cache';

/**
 * PGlite's options for a folder: `fsync` (the default) flushes every commit to the disk;
 * `os-cache` is PGlite's own default (a commit survives a crash of the process, not of the machine).
 */
export function durableOptions(dataDir: string, durability: PgliteDurability = 'fsync'): PGliteOptions {
  if (durability === 'os-cache') return { dataDir, startParams: [...PGlite.defaultStartParams, ...memoryParams] };
  return {
    dataDir,
    fs: new SyncingNodeFS(dataDir),
    startParams: [...PGlite.defaultStartParams.filter((parameter) => parameter !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync', ...memoryParams],
  };
}

/**
 * PostgreSQL's shared buffers live in PGlite's WebAssembly memory, which grows and never shrinks:
 * at the default 128 MB a busy server's RSS passed 440 MB; at 16 MB it stays under 300 MB
 * (`npm run bench`, phase pglite). The data files' pages stay in the OS's own cache as well, so
 * a smaller pool cost no throughput there.
 */
const memoryParams = ['-c', 'shared_buffers=16MB'];
