// A zip archive's directory checked before any library unpacks it: an .xlsx is a zip, and a 1 MB zip can
// inflate to gigabytes (a "zip bomb"). exceljs (through JSZip) trusts the archive and inflates every entry
// whole, so the sizes are checked here first, then each entry is inflated with its declared size as a cap.
import { inflateRawSync } from "node:zlib";

export const zipLimits = {
  maxEntries: 2000,
  maxTotalBytes: 50 * 1024 * 1024,
  /** Text compresses about 10:1; beyond this an entry is padding made to inflate. */
  maxRatio: 200,
  /** Entries smaller than this are not judged by their ratio. */
  ratioFloor: 1024 * 1024,
};

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;

export type ZipProblem = "malformed" | "too-big";
const malformed = "malformed";
const tooBig = "too-big";

/** The offset of the end-of-central-directory record: the last 22..65,557 bytes (it may carry a comment). */
function findEndOfDirectory(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === EOCD && at + 22 + bytes.readUInt16LE(at + 20) === bytes.length) return at;
  }
  return -1;
}

function hasZip64Extra(extra: Buffer): boolean {
  for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2)) {
    if (extra.readUInt16LE(at) === ZIP64_EXTRA) return true;
  }
  return false;
}

/**
 * Why the archive must not be unpacked, or null when it is safe. Malformed: a directory that does not add up,
 * several disks, a compression other than deflate, data that does not inflate to its declared size. Too
 * big: ZIP64, too many entries, too much declared data, an absurd ratio, an entry inflating past its size.
 */
export function zipArchiveProblem(bytes: Buffer, limits = zipLimits): ZipProblem | null {
  const end = findEndOfDirectory(bytes);
  if (end < 0) return malformed;
  const disk = bytes.readUInt16LE(end + 4);
  const directoryDisk = bytes.readUInt16LE(end + 6);
  const entriesHere = bytes.readUInt16LE(end + 8);
  const entries = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryStart = bytes.readUInt32LE(end + 16);
  // ZIP64 marks its fields with all ones and adds a locator before the record; a spreadsheet never needs it.
  const zip64 =
    entries === 0xffff ||
    directorySize === 0xffffffff ||
    directoryStart === 0xffffffff ||
    (end >= 20 && bytes.readUInt32LE(end - 20) === ZIP64_LOCATOR);
  if (zip64) return tooBig;
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entries) return malformed;
  if (entries > limits.maxEntries) return tooBig;
  if (directoryStart + directorySize !== end) return malformed;

  let total = 0;
  let at = directoryStart;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL_ENTRY) return malformed;
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localStart = bytes.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) return malformed;
    const extra = bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    if (compressed === 0xffffffff || size === 0xffffffff || hasZip64Extra(extra)) return tooBig;
    total += size;
    if (total > limits.maxTotalBytes) return tooBig;
    if (size > limits.ratioFloor && size > compressed * limits.maxRatio) return tooBig;

    if (localStart + 30 > directoryStart || bytes.readUInt32LE(localStart) !== LOCAL_HEADER) return malformed;
    const dataStart =
      localStart + 30 + bytes.readUInt16LE(localStart + 26) + bytes.readUInt16LE(localStart + 28);
    if (dataStart + compressed > directoryStart) return malformed;
    const data = bytes.subarray(dataStart, dataStart + compressed);
    if (method === 0) {
      if (compressed !== size) return malformed;
    } else if (method === 8) {
      // The declared size is a lie the directory can tell: inflate with it as the cap, one entry at a time.
      try {
        if (inflateRawSync(data, { maxOutputLength: Math.max(size, 1) }).length !== size) return malformed;
      } catch (error) {
        return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? tooBig : malformed;
      }
    } else {
      return malformed;
    }
    at = next;
  }
  return at === end ? null : malformed;
}
