// Bundles the extension into dist/extension.js (one file; `vscode` stays external).
// Usage: node scripts/build.mjs [--dev]   (--dev: no minification, with a source map)
import * as esbuild from "esbuild";

const dev = process.argv.includes("--dev");
const result = await esbuild.build({
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  bundle: true,
  platform: "node",
  format: "cjs",
  // VS Code 1.82 (the oldest supported, see engines.vscode) runs extensions on Node 18.
  target: "node18",
  external: ["vscode"],
  minify: !dev,
  sourcemap: dev,
  metafile: true,
  logLevel: "warning",
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`dist/extension.js: ${(bytes / 1024).toFixed(1)} KiB`);
