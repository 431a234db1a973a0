// Root resolvers: Query and Mutation fields over the in-memory state, with Stash's semantics.
// graphql-js calls each as (args, context) and resolves nested fields from the returned views.
import { goAtoi } from './go-strconv.js';
import {
  bulkSceneUpdate,
  fileSetFingerprints,
  sceneUpdate,
  tagCreate,
  tagDestroy,
  tagUpdate,
  type BulkSceneUpdateInput,
  type FileSetFingerprintsInput,
  type TagCreateInput,
} from './mutations.js';
import { findScenes, type FindScenesArgs } from './scene-query.js';
import { findTags, type TagFilter } from './tag-query.js';
import type { FindFilter } from './find-filter.js';
import { sceneView, tagView, type ViewContext } from './views.js';

type Input<T> = { input: T };

export const rootValue = {
  findScene({ id }: { id?: string | null }, ctx: ViewContext) {
    if (id === undefined || id === null) return null;
    const scene = ctx.state.scenes.get(goAtoi(id));
    return scene ? sceneView(ctx, scene) : null;
  },
  findScenes(args: FindScenesArgs, ctx: ViewContext) {
    const { count, scenes } = findScenes(ctx.state, args);
    return { count, scenes: () => scenes.map((s) => sceneView(ctx, s)) };
  },
  findTags(args: { tag_filter?: TagFilter | null; filter?: FindFilter | null }, ctx: ViewContext) {
    const { count, tags } = findTags(ctx.state, args);
    return { count, tags: () => tags.map(tagView) };
  },
  configuration(_args: unknown, ctx: ViewContext) {
    const { plugins } = ctx.state;
    return {
      general: ctx.state.config,
      // Stash returns only the included plugins that have saved settings.
      plugins: ({ include }: { include?: string[] | null }) =>
        Object.fromEntries(Object.entries(plugins).filter(([id]) => !include || include.includes(id))),
    };
  },
  systemStatus(_args: unknown, ctx: ViewContext) {
    return ctx.state.system;
  },
  version(_args: unknown, ctx: ViewContext) {
    return ctx.state.version;
  },

  bulkSceneUpdate({ input }: Input<BulkSceneUpdateInput>, ctx: ViewContext) {
    return bulkSceneUpdate(ctx.state, input).map((s) => sceneView(ctx, s));
  },
  sceneUpdate({ input }: Input<{ id: string; cover_image?: string | null }>, ctx: ViewContext) {
    return sceneView(ctx, sceneUpdate(ctx.state, input));
  },
  fileSetFingerprints({ input }: Input<FileSetFingerprintsInput>, ctx: ViewContext) {
    return fileSetFingerprints(ctx.state, input);
  },
  tagCreate({ input }: Input<TagCreateInput>, ctx: ViewContext) {
    return tagView(tagCreate(ctx.state, input));
  },
  tagUpdate(
    { input }: Input<{ id: string; name?: string | null; description?: string | null }>,
    ctx: ViewContext,
  ) {
    return tagView(tagUpdate(ctx.state, input));
  },
  tagDestroy({ input }: Input<{ id: string }>, ctx: ViewContext) {
    return tagDestroy(ctx.state, input);
  },
};
