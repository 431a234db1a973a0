// Rows -> the objects graphql-js serialises. Field names are the GraphQL names; functions are
// called by graphql-js's default resolver with the field's arguments.
import {
  formatTime,
  renderFingerprint,
  sceneHash,
  type FileRow,
  type SceneRow,
  type StandinState,
  type TagRow,
} from './state.js';

export interface ViewContext {
  state: StandinState;
  /** e.g. "http://127.0.0.1:9999": Stash builds scene URLs from the request's host. */
  baseUrl: string;
}

export function tagView(tag: TagRow) {
  return {
    id: String(tag.id),
    name: tag.name,
    description: tag.description,
    aliases: tag.aliases,
    created_at: formatTime(tag.createdAt),
    updated_at: formatTime(tag.updatedAt),
  };
}

export function fileView(file: FileRow) {
  return {
    id: String(file.id),
    path: file.path,
    basename: file.basename,
    size: file.size,
    duration: file.duration,
    width: file.width,
    height: file.height,
    frame_rate: file.frameRate,
    bit_rate: file.bitRate,
    video_codec: file.videoCodec,
    audio_codec: file.audioCodec,
    format: file.format,
    fingerprints: file.fingerprints.map((fp) => ({ type: fp.type, value: renderFingerprint(fp) })),
    fingerprint: ({ type }: { type: string }) => {
      const fp = file.fingerprints.find((f) => f.type === type);
      return fp ? renderFingerprint(fp) : null;
    },
  };
}

// mirrors stash internal/api/urlbuilders/scene.go
function scenePaths(ctx: ViewContext, scene: SceneRow) {
  const base = `${ctx.baseUrl}/scene`;
  const hash = sceneHash(ctx.state, scene);
  return {
    screenshot: `${base}/${scene.id}/screenshot?t=${scene.updatedAt}`,
    preview: `${base}/${scene.id}/preview`,
    stream: `${base}/${scene.id}/stream`,
    webp: `${base}/${scene.id}/webp`,
    vtt: `${base}/${hash}_thumbs.vtt`,
    sprite: `${base}/${hash}_sprite.jpg`,
  };
}

export function sceneView(ctx: ViewContext, scene: SceneRow) {
  const tags = ctx.state.tags;
  return {
    id: String(scene.id),
    title: scene.title,
    created_at: formatTime(scene.createdAt),
    updated_at: formatTime(scene.updatedAt),
    files: () => scene.files.map(fileView),
    paths: () => scenePaths(ctx, scene),
    tags: () => scene.tagIds.flatMap((id) => (tags.has(id) ? [tagView(tags.get(id)!)] : [])),
    scene_markers: () =>
      scene.markers.map((m) => ({
        id: String(m.id),
        title: m.title,
        seconds: m.seconds,
        end_seconds: m.endSeconds,
        primary_tag: () => tagView(tags.get(m.primaryTagId)!),
      })),
  };
}
