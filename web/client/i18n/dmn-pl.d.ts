// Types of dmn-pl.js for the TypeScript tests.
export declare const dmnPl: Record<string, string>
export declare const dmnRenderedPl: Record<string, string>
