declare module 'dmn-moddle'
