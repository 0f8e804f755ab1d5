// ESLint 9 flat config. Modest on purpose: eslint + typescript-eslint "recommended", plus the project's own
// architecture rules (ARCHITECTURE.md "Layering"), which replace regex scans of source text in the tests:
//   - components import neither policies/, tools/, tests/ nor apps/; a tier reaches another tier only through
//     that tier's index.ts (its public surface); components/shared/ imports no tier;
//   - policies/ import neither components/, config/ nor tools/ (the graph types live in policies/lib/graph.ts);
//   - no import cycles in components/, config/, policies/, tools/;
//   - components never read pulumi.Config nor branch on the environment name (environments differ by data).
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const TIERS = ["network", "cluster", "data", "workloads", "ingress", "edge", "monitoring", "mesh", "observability"];

/** One zone per (tier, other tier): only the other tier's index.ts may be imported. */
const tierZones = [
  ...TIERS.flatMap((tier) => [
    ...TIERS.filter((other) => other !== tier).map((other) => ({
      target: `./components/${tier}`,
      from: `./components/${other}`,
      except: ["./index.ts"],
      message: `import the ${other} tier through components/${other}/index.ts (its public surface)`,
    })),
  ]),
  ...TIERS.map((tier) => ({
    target: "./components/platform.ts",
    from: `./components/${tier}`,
    except: ["./index.ts"],
    message: `platform.ts wires tiers through their index.ts: export what it needs from components/${tier}/index.ts`,
  })),
  {
    target: "./components/shared",
    from: TIERS.map((tier) => `./components/${tier}`),
    message: "components/shared/ is used by the tiers and imports none of them",
  },
];

const layering = [
  {
    target: ["./components", "./config"],
    from: ["./tools", "./tests", "./apps", "./index.ts"],
    message: "components/ and config/ never import tools/, tests/ or apps/ (ARCHITECTURE.md, Layering)",
  },
  {
    target: "./components",
    from: "./policies",
    message: "components/ never import policies/ (ARCHITECTURE.md, Layering)",
  },
  {
    // Config checks that a version is one the support calendar knows; whether it is supported on a day is policy.
    target: "./config",
    from: "./policies",
    except: ["./lib/support-calendar.ts", "./lib/eks-versions.ts", "./lib/aurora-versions.ts"],
    message: "config/ imports only the version calendars from policies/lib (support itself is policy)",
  },
  {
    target: "./policies",
    from: ["./components", "./config", "./tools", "./tests", "./index.ts"],
    message: "policies/ never import components/, config/ or tools/; shared graph types live in policies/lib/graph.ts",
  },
];

/** Environment-specific code in components: environments differ by data (config/env-defaults.ts), not code. */
const ENV = "/^(dev|prod|staging)$/";
const noEnvBranching = [
  {
    selector: "NewExpression[callee.object.name='pulumi'][callee.property.name='Config']",
    message: "components never read pulumi.Config: take typed values from config/ (loadConfig)",
  },
  {
    selector: "MemberExpression[object.property.name='runtime'][property.name='allConfig']",
    message: "components never read config: take typed values from config/",
  },
  {
    selector:
      "CallExpression[callee.property.name=/^get(Stack|Project)$/], CallExpression[callee.name=/^get(Stack|Project)$/]",
    message: "components never read the stack name: it reaches them as data (PlatformConfig)",
  },
  {
    selector: `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${ENV}]`,
    message: "no branching on the environment name in components: add a config key with per-environment defaults",
  },
  {
    selector: `SwitchCase > Literal.test[value=${ENV}]`,
    message: "no branching on the environment name in components: add a config key with per-environment defaults",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "bin/", "policies/node_modules/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
        Buffer: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      // `_`-prefixed names and rest siblings are the idiom for "drop this key" (const { a: _a, ...rest } = x).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { varsIgnorePattern: "^_", argsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests and tools drive the untyped mock runtime and walk captured JSON, and must require() the program only
    // after the mocks are set (ARCHITECTURE.md, Known facts): `any` and require() are the honest types there.
    files: ["tests/**/*.ts", "tools/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      // Without these, import-x cannot parse the .ts files it follows, and no-cycle silently sees no edges.
      "import-x/extensions": [".ts", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones: [...layering, ...tierZones] }],
    },
  },
  {
    // Type-aware, only for this rule: flags any use of an SDK API marked @deprecated in the installed typings
    // (provider resources, arguments, chart helpers), which the tests once found by reading the .d.ts files.
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { "@typescript-eslint/no-deprecated": "error" },
  },
  {
    files: ["components/**/*.ts", "config/**/*.ts", "policies/**/*.ts", "tools/**/*.ts"],
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // Files a reader can hold in their head (issue #13): split by concern before one grows past 300 lines.
      "max-lines": ["error", { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ["components/**/*.ts"],
    rules: {
      "no-restricted-syntax": ["error", ...noEnvBranching],
    },
  },
);
