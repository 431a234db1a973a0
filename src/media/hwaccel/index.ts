// Hardware acceleration for the preview encode: chains, detection, resolution, errors.
export * from './chains.js';
export * from './detect.js';
export * from './errors.js';
export * from './nvenc.js';
export * from './qsv.js';
export * from './resolve.js';
export * from './types.js';
export * from './vaapi.js';
