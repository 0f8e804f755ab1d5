/**
 * Image tags derived from the content of the Docker build context, so that tags can be IMMUTABLE in ECR:
 *
 *  - same files → same tag: `pulumi up` finds nothing to build and nothing to push;
 *  - any change → a new tag (and a new `repoDigest`), so the Deployment rolls out.
 *
 * The file set is the one @pulumi/docker hashed to decide whether to rebuild (provider.go `hashContext`; @pulumi/docker-build
 * does the same in image.go `hashBuildContext`, which honours the same ignore files):
 * every file of the context not excluded by the ignore file, where `<Dockerfile>.dockerignore` takes
 * precedence over the context's `.dockerignore` (Docker's own rule), plus the Dockerfile itself. Using the
 * same set matters: if the provider rebuilt while our tag stayed the same, the push of a new digest onto an
 * existing immutable tag would fail (ImageTagAlreadyExistsException). See pulumi/pulumi-docker#872.
 *
 * Both images build from apps/ (they share apps/common), so with only apps/.dockerignore a change in one app
 * also retags the other; an `apps/<app>/Dockerfile.dockerignore` that excludes the other apps isolates them.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Every tag this module produces starts with this: the ECR lifecycle policy counts images by it. */
export const TAG_PREFIX = "src-";

export interface ContextFile {
  /** Path relative to the context root, with "/" separators. */
  path: string;
  /** True when the file is executable (a mode change is a content change for the image). */
  executable: boolean;
  content: Buffer;
}

interface IgnoreRule {
  exclude: boolean;
  regex: RegExp;
}

/** One `.dockerignore` pattern as a regular expression over "/"-separated relative paths. */
function patternToRegex(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      // `**/` matches zero or more directories; a trailing `/**` everything below; `**` anything.
      if (pattern[i + 2] === "/") {
        re += "(?:.*/)?";
        i += 2;
      } else {
        re += ".*";
        i += 1;
      }
    } else if (c === "*") {
      re += "[^/]*";
    } else if (c === "?") {
      re += "[^/]";
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      re += `[${pattern
        .slice(i + 1, end)
        .replace(/^!/, "^")
        .replace(/\\/g, "\\\\")}]`;
      i = end;
    } else if (c === "\\" && i + 1 < pattern.length) {
      re += pattern[i + 1].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      i += 1;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^${re}$`);
}

/** Parses `.dockerignore` text: comments, blank lines, `!` exceptions, leading "/" and "./" dropped. */
export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((line) => {
      const exclude = !line.startsWith("!");
      const pattern = path.posix
        .normalize((exclude ? line : line.slice(1)).trim())
        .replace(/^(\.\/|\/)+/, "")
        .replace(/\/+$/, "");
      return { exclude, regex: patternToRegex(pattern) };
    });
}

/** Docker's rule: a path is ignored when the last pattern matching it or one of its parent directories excludes it. */
export function isIgnored(relPath: string, rules: IgnoreRule[]): boolean {
  const parts = relPath.split("/");
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((c) => rule.regex.test(c))) ignored = rule.exclude;
  }
  return ignored;
}

/**
 * Pure: the tag for a build context. `salt` holds every other build input that changes the image (target
 * platform, build args): the provider rebuilds when those change, so the tag must change with them.
 */
export function contextTag(
  files: readonly ContextFile[],
  dockerfile: Buffer | string,
  salt: Record<string, string> = {},
): string {
  const hash = crypto.createHash("sha256");
  const field = (s: string | Buffer) => {
    hash.update(String(s.length));
    hash.update("\0");
    hash.update(s);
  };
  field("dockerfile");
  field(dockerfile);
  for (const key of Object.keys(salt).sort()) {
    field(`salt:${key}`);
    field(salt[key]);
  }
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    field(`file:${f.path}:${f.executable ? "x" : "-"}`);
    field(f.content);
  }
  // 64 bits of SHA-256: collisions between the few hundred tags a repository keeps are not a concern.
  return `${TAG_PREFIX}${hash.digest("hex").slice(0, 16)}`;
}

interface BuildContext {
  files: ContextFile[];
  dockerfile: Buffer;
}

/**
 * Reads a build context from disk the way the docker provider sees it. Throws a clear error when the
 * Dockerfile is missing, before anything is registered.
 */
export function readBuildContext(contextDir: string, dockerfile: string): BuildContext {
  const dockerfilePath = path.resolve(contextDir, dockerfile);
  if (!fs.existsSync(dockerfilePath)) {
    throw new Error(
      `image build: no Dockerfile at ${path.relative(process.cwd(), dockerfilePath) || dockerfilePath} ` +
        `(build context ${contextDir}); set the service's \`app\` to a directory under apps/ that holds a Dockerfile`,
    );
  }
  const ignoreFile = [`${dockerfilePath}.dockerignore`, path.join(contextDir, ".dockerignore")].find((f) =>
    fs.existsSync(f),
  );
  const rules = ignoreFile ? parseDockerignore(fs.readFileSync(ignoreFile, "utf8")) : [];
  const files: ContextFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, relPath);
      } else if (!isIgnored(relPath, rules)) {
        if (entry.isSymbolicLink())
          files.push({ path: relPath, executable: false, content: Buffer.from(`symlink:${fs.readlinkSync(full)}`) });
        else if (entry.isFile())
          files.push({
            path: relPath,
            executable: (fs.statSync(full).mode & 0o111) !== 0,
            content: fs.readFileSync(full),
          });
      }
    }
  };
  walk(contextDir, "");
  return { files, dockerfile: fs.readFileSync(dockerfilePath) };
}
