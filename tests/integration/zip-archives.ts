// Zip archives written field by field for the zip-bomb tests, so they can lie about their contents.
import { constants, crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

export type Entry = { name: string; method: 0 | 8; data: Buffer; size: number; crc: number; extra?: Buffer };

export const deflated = (name: string, content: Buffer): Entry => ({
  name,
  method: 8,
  data: deflateRawSync(content),
  size: content.length,
  crc: crc32(content),
});

/** A zip archive written field by field, so tests can make it lie. */
export function zip(entries: Entry[], tweak: { entryCount?: number; zip64Locator?: boolean } = {}) {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.data);
    const extra = e.extra ?? Buffer.alloc(0);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const locator = Buffer.alloc(tweak.zip64Locator ? 20 : 0);
  if (tweak.zip64Locator) locator.writeUInt32LE(0x07064b50, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(tweak.entryCount ?? entries.length, 8);
  end.writeUInt16LE(tweak.entryCount ?? entries.length, 10);
  end.writeUInt32LE(directory.length + locator.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, locator, end]);
}

/**
 * A raw deflate stream of `mebibytes` MiB of zeros, about 1 KB per MiB: one MiB compressed with a full
 * flush (independent and byte-aligned), repeated, then an empty final block.
 */
export async function zerosDeflated(mebibytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (c: Buffer) => chunks.push(c));
  deflate.write(Buffer.alloc(1024 * 1024));
  await new Promise<void>((resolve) => deflate.flush(constants.Z_FULL_FLUSH, () => resolve()));
  const mebibyte = Buffer.concat(chunks);
  deflate.destroy();
  return Buffer.concat([...Array<Buffer>(mebibytes).fill(mebibyte), deflateRawSync(Buffer.alloc(0))]);
}
