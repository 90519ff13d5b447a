// Types of lint-pl.js for the TypeScript tests.
export declare const lintPl: Record<string, string>
export declare function lintTranslator(dictionary?: Record<string, string>): (message: unknown) => string | null
