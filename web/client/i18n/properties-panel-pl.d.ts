// Types of properties-panel-pl.js for the TypeScript tests.
export declare const propertiesPanelPl: Record<string, string>
export declare const PROPERTIES_PANEL_TEXTS: string[]
export declare const POPUP_TEXT_PLACES: string
