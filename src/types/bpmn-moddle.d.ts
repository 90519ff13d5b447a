declare module 'bpmn-moddle'
