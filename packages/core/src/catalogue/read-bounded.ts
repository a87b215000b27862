import { open, stat } from 'node:fs/promises';
import { MAX_CATALOGUE_BYTES } from './limits.js';

/**
 * Reads a regular file, at most {@link MAX_CATALOGUE_BYTES} + 1 bytes of it, so
 * the size check after it sees an oversized file without ever holding more.
 * Devices, FIFOs and sockets (`/dev/zero`, a named pipe) never end or block, so
 * they are refused before a single byte is read.
 */
export async function readBoundedFile(file: string): Promise<Uint8Array> {
  // stat before open: opening a FIFO blocks until a writer comes.
  const before = await stat(file);
  if (!before.isFile() && !before.isDirectory()) {
    throw Object.assign(new Error('it is not a regular file (a device, pipe or socket)'), {
      code: 'ENOTREG',
    });
  }
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) {
      throw Object.assign(new Error('it is not a regular file (a device, pipe or socket)'), {
        code: 'ENOTREG',
      });
    }
    const buffer = new Uint8Array(MAX_CATALOGUE_BYTES + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** True when a path goes through a `.git` directory, whose files hold credentials. */
export function throughGitDirectory(file: string): boolean {
  return file.split(/[\\/]/).includes('.git');
}
