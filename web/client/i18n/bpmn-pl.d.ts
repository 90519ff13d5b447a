// Types of bpmn-pl.js for the TypeScript tests (the browser code is plain JavaScript bundled by esbuild).
export declare const bpmnPl: Record<string, string>
export declare const bpmnTypesPl: Record<string, string>
