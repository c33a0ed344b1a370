/** Form schemas shared by the browser and the server, and helpers to read forms and report problems. */
export * from './fields';
export * from './errors';
export * from './dialogue';
export * from './preparation';
export * from './form-data';
export * from './prep-items';
