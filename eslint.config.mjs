// Lint rules for the whole tree. The layer rule (STYLE §1) is an import restriction: the program
// side (resources, shim, public barrel) sits next to closure serialization and may load the runtime
// and the client only as types; the client never reaches up into the runtime or the program side.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const layerRule = (patterns) => ["error", { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }];

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
    files: ["provider/resources/**/*.ts", "provider/shim/**/*.ts", "provider/index.ts"],
    rules: {
      "no-restricted-imports": layerRule([
        {
          group: ["**/runtime", "**/runtime/**", "**/client", "**/client/**"],
          message: "The program side loads the runtime and the client only as types (STYLE §1).",
        },
      ]),
    },
  },
  {
    files: ["provider/client/**/*.ts"],
    rules: {
      "no-restricted-imports": layerRule([
        {
          group: ["../runtime", "../runtime/**", "../resources", "../resources/**", "../shim"],
          message: "The client is the bottom layer: it never imports the runtime or the program side.",
        },
      ]),
    },
  },
);
