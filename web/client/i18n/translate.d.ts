// Types of translate.js for the TypeScript tests.
export type Translate = (template: string, replacements?: Record<string, unknown>) => string
export declare function pageLocale(doc?: Document): 'pl' | 'en'
export declare function fillTemplate(template: string, replacements?: Record<string, unknown>): string
export declare function translator(dictionary: Record<string, string>): Translate
export declare function translateModule(dictionary: Record<string, string> | null, locale?: string): { translate: ['value', Translate] } | null
export declare function withTranslation<T>(modules: T[], dictionary: Record<string, string> | null, locale?: string): (T | { translate: ['value', Translate] })[]
export declare function writtenTextTranslator(dictionary: Record<string, string>, fillValue?: (value: string) => string): (text: unknown) => string | null
export declare function translateRendered(root: HTMLElement, dictionary: Record<string, string>, options?: { texts?: string[]; within?: string | null }): MutationObserver
export declare function translateAddedPopups(parent: HTMLElement, selector: string, dictionary: Record<string, string>, options?: { texts?: string[]; within?: string | null }): MutationObserver
