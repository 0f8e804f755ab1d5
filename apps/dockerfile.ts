/**
 * A small Dockerfile reader: enough of the syntax to check what the service images promise (pinned base
 * image, non-root user, exposed port, entrypoint/CMD) and to run the final stage's command locally the way
 * the container would. No Docker engine exists on the CI machines, so this is how the images are tested.
 *
 * Supported: comments, line continuations (`\`), FROM ... AS name, ENV k=v (quoted values, several per
 * line), USER, EXPOSE, WORKDIR, COPY [--from=stage] src... dest, ENTRYPOINT/CMD in exec (JSON) form.
 * Anything else is kept as a raw instruction. Shell-form ENTRYPOINT/CMD is rejected: it would put /bin/sh
 * in front of the server as PID 1 and swallow SIGTERM.
 */

interface CopyInstruction {
  from?: string;
  sources: string[];
  dest: string;
}

interface Stage {
  image: string;
  name?: string;
  env: Record<string, string>;
  user?: string;
  expose: number[];
  workdir?: string;
  copies: CopyInstruction[];
  entrypoint?: string[];
  cmd?: string[];
  runs: string[];
}

/** Joins continuation lines and drops comments; returns [keyword, rest] pairs in file order. */
export function instructions(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let pending = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("#") || (line === "" && pending === "")) continue;
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1).trimEnd() + " ";
      continue;
    }
    const full = (pending + line).trim();
    pending = "";
    if (full === "") continue;
    const match = /^(\S+)\s*(.*)$/.exec(full);
    if (match) out.push([match[1].toUpperCase(), match[2].trim()]);
  }
  if (pending.trim() !== "") throw new Error(`Dockerfile ends inside a line continuation: "${pending.trim()}"`);
  return out;
}

/** Parses `k=v k2="v 2"` (ENV's modern form). The legacy `ENV k v` form is rejected with a clear error. */
export function parseEnv(rest: string): Record<string, string> {
  const env: Record<string, string> = {};
  const pair = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s*/y;
  let index = 0;
  while (index < rest.length) {
    pair.lastIndex = index;
    const match = pair.exec(rest);
    if (!match) throw new Error(`ENV: expected key=value pairs, got "${rest.slice(index)}"`);
    let value = match[2];
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, "$1");
    else if (value.startsWith("'")) value = value.slice(1, -1);
    env[match[1]] = value;
    index = pair.lastIndex;
  }
  return env;
}

/** Expands $VAR / ${VAR} from the variables defined so far (as Docker does for ENV values). */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => (name in env ? env[name] : whole));
}

function execForm(keyword: string, rest: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    throw new Error(`${keyword}: expected exec form (a JSON array of strings), got ${rest}`);
  }
  if (!Array.isArray(parsed) || parsed.some((a) => typeof a !== "string")) {
    throw new Error(`${keyword}: expected a JSON array of strings, got ${rest}`);
  }
  return parsed as string[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const [keyword, rest] of instructions(text)) {
    if (keyword === "FROM") {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!match) throw new Error(`FROM: expected "image [AS name]", got "${rest}"`);
      stages.push({ image: match[1], name: match[2], env: {}, expose: [], copies: [], runs: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) {
      if (keyword === "ARG") continue;
      throw new Error(`${keyword} before the first FROM`);
    }
    switch (keyword) {
      case "ENV":
        for (const [key, value] of Object.entries(parseEnv(rest))) stage.env[key] = expand(value, stage.env);
        break;
      case "USER":
        stage.user = rest;
        break;
      case "WORKDIR":
        stage.workdir = rest;
        break;
      case "EXPOSE":
        stage.expose.push(...rest.split(/\s+/).map((p) => Number.parseInt(p, 10)));
        break;
      case "COPY": {
        const words = rest.split(/\s+/);
        const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
        const paths = words.filter((w) => !w.startsWith("--"));
        if (paths.length < 2) throw new Error(`COPY: expected sources and a destination, got "${rest}"`);
        stage.copies.push({ from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] });
        break;
      }
      case "ENTRYPOINT":
        stage.entrypoint = execForm(keyword, rest);
        break;
      case "CMD":
        stage.cmd = execForm(keyword, rest);
        break;
      case "RUN":
        stage.runs.push(rest);
        break;
      default:
        break;
    }
  }
  if (stages.length === 0) throw new Error("Dockerfile has no FROM instruction");
  return stages;
}

/** The stage that becomes the image. */
export function finalStage(stages: Stage[]): Stage {
  return stages[stages.length - 1];
}
