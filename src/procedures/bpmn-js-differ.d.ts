// bpmn-js-differ ships no types. diff(old, new) compares two bpmn-moddle definitions trees.
declare module 'bpmn-js-differ' {
  export interface Changes {
    _added: Record<string, unknown>
    _removed: Record<string, unknown>
    _changed: Record<string, { model: unknown; attrs: Record<string, { oldValue: unknown; newValue: unknown }> }>
    _layoutChanged: Record<string, unknown>
  }
  export function diff(oldDefinitions: unknown, newDefinitions: unknown): Changes
}
