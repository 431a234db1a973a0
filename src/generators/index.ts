// The generator layer's public surface for the pipeline: one plan + run per artifact.
export * from './atomic-write.js';
export * from './cover.js';
export * from './dry-run.js';
export * from './generated-paths.js';
export * from './marker-plan.js';
export * from './marker.js';
export * from './preview-plan.js';
export * from './preview-settings.js';
export * from './preview.js';
export * from './required.js';
export * from './sprite-jpeg.js';
export * from './sprite-plan.js';
export * from './sprite.js';
export * from './types.js';
export * from './vtt.js';
