/**
 * Reads the installed provider SDKs' TypeScript declarations (the generated `*.d.ts`) to answer what a real
 * `pulumi up` would: does this input property exist. Mocks accept any property name; the engine silently ignores
 * an `ignoreChanges` path that matches nothing. (Deprecated arguments: `@typescript-eslint/no-deprecated`.)
 */
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../../tools/stack-files";

interface SdkProperty {
  name: string;
  /** The declared type text, e.g. `pulumi.Input<inputs.eks.NodeGroupScalingConfig | undefined>`. */
  type: string;
}

const PACKAGES: Record<string, string> = {
  aws: "@pulumi/aws",
  cloudflare: "@pulumi/cloudflare",
  random: "@pulumi/random",
  tls: "@pulumi/tls",
  "docker-build": "@pulumi/docker-build",
};

const fileCache = new Map<string, string>();
function read(file: string): string {
  if (!fileCache.has(file)) fileCache.set(file, fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
  return fileCache.get(file)!;
}

/** Properties of one `interface <name> { ... }` block found at `start` in `text` (doc comment lines start with `*`). */
function parseInterface(text: string, start: number): SdkProperty[] {
  const open = text.indexOf("{", start);
  let depth = 0;
  let end = open;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) {
      end = i;
      break;
    }
  }
  const lines = text.slice(open + 1, end).split("\n");
  const indent = /^(\s+)\S/.exec(lines.find((l) => l.trim().length > 0) ?? "")?.[1] ?? "    ";
  const props: SdkProperty[] = [];
  let depthInBody = 0;
  for (const line of lines) {
    // Members of nested object types (e.g. the index signature inside `tags`) are not properties of this interface.
    const member =
      depthInBody === 0 ? new RegExp(`^${indent}(?:readonly\\s+)?([A-Za-z_$][\\w$]*)\\??:\\s*(.*)$`).exec(line) : null;
    if (member) props.push({ name: member[1], type: member[2].replace(/;$/, "").trim() });
    depthInBody += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
  }
  return props;
}

/** `aws:rds/cluster:Cluster` → the declaration file and the Args interface name; undefined for non-SDK types. */
function argsLocation(type: string): { file: string; iface: string } | undefined {
  // Providers without modules name their resources `<package>:index:<Name>` (docker-build:index:Image → image.d.ts).
  const flat = /^([a-z-]+):index:([A-Za-z0-9]+)$/.exec(type);
  if (flat && PACKAGES[flat[1]]) {
    const file = `${flat[2][0].toLowerCase()}${flat[2].slice(1)}.d.ts`;
    return { file: path.join(ROOT, "node_modules", PACKAGES[flat[1]], file), iface: `${flat[2]}Args` };
  }
  const m = /^([a-z]+):([A-Za-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
  if (!m || !PACKAGES[m[1]]) return undefined;
  const dir = path.join(ROOT, "node_modules", PACKAGES[m[1]], m[2] === "index" ? "" : m[2]);
  return { file: path.join(dir, `${m[3]}.d.ts`), iface: `${m[4]}Args` };
}

/** The Args properties the SDK declares for a resource type; undefined when the type is not an SDK resource. */
export function argsProperties(type: string): SdkProperty[] | undefined {
  const loc = argsLocation(type);
  if (!loc) return undefined;
  const text = read(loc.file);
  const at = text.indexOf(`export interface ${loc.iface} {`);
  return at < 0 ? undefined : parseInterface(text, at);
}

/** The properties of a nested input type named in a declared type (`inputs.eks.NodeGroupScalingConfig`). */
function nestedProperties(pkgRoot: string, declaredType: string): SdkProperty[] | undefined {
  const m = /inputs\.([A-Za-z0-9]+)\.([A-Za-z0-9]+)/.exec(declaredType);
  if (!m) return undefined;
  const text = read(path.join(pkgRoot, "types", "input.d.ts"));
  const ns = text.indexOf(`export declare namespace ${m[1]} {`);
  if (ns < 0) return undefined;
  const at = text.indexOf(`    interface ${m[2]} {`, ns);
  return at < 0 ? undefined : parseInterface(text, at);
}

/**
 * Why an `ignoreChanges` path would match nothing on this resource type (undefined when every segment names a
 * declared property). Array indices and `[*]` are accepted wherever the declared type is an array.
 */
export function ignoreChangesProblem(type: string, pathText: string): string | undefined {
  const loc = argsLocation(type);
  let props = argsProperties(type);
  if (!loc || !props) return `no SDK declaration found for ${type}`;
  const pkgRoot = path.join(ROOT, "node_modules", PACKAGES[type.split(":")[0]]);
  const segments = pathText
    .replace(/\[[^\]]*\]/g, "")
    .split(".")
    .filter((s) => s.length > 0);
  for (let i = 0; i < segments.length; i++) {
    const prop: SdkProperty | undefined = props?.find((p) => p.name === segments[i]);
    if (!prop) return `"${segments.slice(0, i + 1).join(".")}" is not an input of ${type}`;
    if (i === segments.length - 1) break;
    props = nestedProperties(pkgRoot, prop.type);
    if (!props) return `"${segments.slice(0, i + 1).join(".")}" of ${type} has no nested properties`;
  }
  return undefined;
}
