// Lint rules for the whole tree. The layer rule (STYLE §1) is an import restriction: the program
// side (resources, shim, public barrel) sits next to closure serialization and may load the runtime
// and the client only as types; the client never reaches up into the runtime or the program side.
// typescript-eslint's no-restricted-imports also sees `import x = require(...)`; plain require()
// calls are caught by a syntax rule, where only the shim may load the runtime, by package name.
// test/unit/boundaries.test.ts runs these rules on fixtures and on the tree.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const layerRule = (patterns) => ["error", { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }];

const PROGRAM_SIDE = ["provider/resources/**/*.ts", "provider/shim/**/*.ts", "provider/index.ts"];
const SHIM_ENTRY = "provider/shim/posthog-shim.ts";
// esquery regexes cannot hold a plain slash: \x2F is one.
const requireOf = (test) => `CallExpression[callee.name="require"][arguments.0.value=${test}]`;
const REQUIRE_LAYER = {
  selector: `${requireOf("/(^|\\x2F)(runtime|client)(\\x2F|$)/")}:not(${requireOf('"pulumi-posthog-org/runtime"')})`,
  message: "The program side requires the runtime and the client only through the shim's package name (STYLE §1).",
};
const REQUIRE_RUNTIME = {
  selector: requireOf('"pulumi-posthog-org/runtime"'),
  message: "Only the shim (provider/shim/posthog-shim.ts) loads the runtime, when the engine calls it (STYLE §1).",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
      "no-empty": ["error", { allowEmptyCatch: true }],
      // Errors rethrown with a user-facing message keep PostHog's words in the text; a `cause` would
      // print a second stack through the engine.
      "preserve-caught-error": "off",
    },
  },
  {
    files: PROGRAM_SIDE,
    rules: {
      "no-restricted-syntax": ["error", REQUIRE_LAYER, REQUIRE_RUNTIME],
      "@typescript-eslint/no-restricted-imports": layerRule([
        {
          group: ["**/runtime", "**/runtime/**", "**/client", "**/client/**"],
          message: "The program side loads the runtime and the client only as types (STYLE §1).",
        },
      ]),
    },
  },
  {
    files: [SHIM_ENTRY],
    rules: { "no-restricted-syntax": ["error", REQUIRE_LAYER] },
  },
  {
    files: ["provider/client/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": layerRule([
        {
          group: ["../runtime", "../runtime/**", "../resources", "../resources/**", "../shim"],
          message: "The client is the bottom layer: it never imports the runtime or the program side.",
        },
      ]),
    },
  },
);
