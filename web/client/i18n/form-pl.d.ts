// Types of form-pl.js for the TypeScript tests.
export declare const formEditorPl: Record<string, string>
export declare const FORM_EDITOR_TEXT_PLACES: string
