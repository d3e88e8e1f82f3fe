// Checks a .vsix: exactly the expected files, and a size budget. Prints the file list.
// Usage: node scripts/check-vsix.mjs blamelint.vsix
import * as fs from "node:fs";

const EXPECTED = [
  "[Content_Types].xml",
  "extension.vsixmanifest",
  "extension/LICENSE.txt",
  "extension/changelog.md",
  "extension/dist/extension.js",
  "extension/icon.png",
  "extension/package.json",
  "extension/readme.md",
];
const MAX_BYTES = 300 * 1024;

/** Entry names and sizes from a zip's central directory. */
function listZip(buffer) {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new Error("not a zip file (no end of central directory)");
  }
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) {
      throw new Error(`bad central directory entry ${i}`);
    }
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    entries.push({ name: buffer.toString("utf8", offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const file = process.argv[2];
if (!file) {
  console.error("usage: node scripts/check-vsix.mjs <file.vsix>");
  process.exit(2);
}
const buffer = fs.readFileSync(file);
const entries = listZip(buffer);
for (const e of entries) {
  console.log(`${String(e.size).padStart(9)}  ${e.name}`);
}
console.log(`${file}: ${entries.length} files, ${buffer.length} bytes (${(buffer.length / 1024).toFixed(1)} KiB)`);

const names = entries.map((e) => e.name).sort();
const missing = EXPECTED.filter((n) => !names.includes(n));
const extra = names.filter((n) => !EXPECTED.includes(n));
const problems = [];
if (missing.length) problems.push(`missing: ${missing.join(", ")}`);
if (extra.length) problems.push(`unexpected: ${extra.join(", ")}`);
if (buffer.length > MAX_BYTES) problems.push(`larger than ${MAX_BYTES} bytes`);
if (problems.length) {
  console.error(`check-vsix: FAILED: ${problems.join("; ")}`);
  process.exit(1);
}
console.log("check-vsix: OK");
