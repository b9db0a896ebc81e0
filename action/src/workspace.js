// @ts-check
// The workspace: the only folder the Action reads. Config paths are resolved against the
// config's folder and refused when they leave the workspace (symlinks followed).

import fs from "node:fs";
import path from "node:path";

/** The workspace root: nothing outside it is read. */
export function workspaceRoot() {
  return path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
}

/**
 * Resolves a config-relative path, refusing anything that leaves the workspace.
 * @param {string} root
 * @param {string} base
 * @param {string} rel
 */
export function insideWorkspace(root, base, rel) {
  const full = path.resolve(base, rel);
  const real = fs.existsSync(full) ? fs.realpathSync(full) : full;
  const rootReal = fs.realpathSync(root);
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    throw new Error(`${rel}: the path leaves the workspace (${root}); mlgate only reads files inside it`);
  }
  return full;
}

/**
 * Every file below a directory, as paths relative to it with `/` separators, sorted.
 * @param {string} dir
 * @param {string} [prefix]
 * @returns {string[]}
 */
function listFiles(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/**
 * What a path that is not a regular file is, as the core names it (it is never opened: reading a
 * named pipe waits for a writer forever).
 * @param {fs.Stats} stat
 */
function notRegular(stat) {
  if (stat.isFIFO()) return "fifo";
  if (stat.isSocket()) return "socket";
  if (stat.isCharacterDevice()) return "character-device";
  if (stat.isBlockDevice()) return "block-device";
  return "other";
}

/**
 * The files a config names, read: a directory is every file below it (an MLflow run). A file
 * over `maxBytes` is not read: its size goes to the core, which refuses it with the CLI's
 * message (reading gigabytes only to refuse them could exhaust memory); a path that is not a
 * regular file is not opened: its kind goes to the core, which refuses it likewise. For a
 * missing file the names of the files in its folder go over (`{missing: [...]}`): the core
 * reports it with its config line, and the name it may have meant, as the CLI does.
 * @param {string} root
 * @param {string} configDir
 * @param {string[]} files
 * @param {number} maxBytes
 * @returns {{ paths: string[], contents: (Uint8Array | number | string | { missing: string[] })[] }}
 */
export function readFiles(root, configDir, files, maxBytes) {
  /** @type {string[]} */
  const paths = [];
  /** @type {(Uint8Array | number | string | { missing: string[] })[]} */
  const contents = [];
  /** @param {string} full */
  const siblings = (full) => {
    const dir = path.dirname(full);
    try {
      insideWorkspace(root, configDir, path.relative(configDir, dir) || ".");
      return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  };
  /** @param {string} full */
  const readOrSize = (full) => {
    const stat = fs.statSync(full);
    if (!stat.isFile()) return notRegular(stat);
    return stat.size > maxBytes ? stat.size : new Uint8Array(fs.readFileSync(full));
  };
  for (const rel of files) {
    const full = insideWorkspace(root, configDir, rel);
    if (!fs.existsSync(full)) {
      paths.push(rel);
      contents.push({ missing: siblings(full) });
      continue;
    }
    if (fs.statSync(full).isDirectory()) {
      for (const f of listFiles(full)) {
        paths.push(`${rel.replace(/\/+$/, "")}/${f}`);
        contents.push(readOrSize(insideWorkspace(root, full, f)));
      }
    } else {
      paths.push(rel);
      contents.push(readOrSize(full));
    }
  }
  return { paths, contents };
}
