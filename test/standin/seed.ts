// Putting data into the stand-in: scenes (with files, fingerprints, tags, markers) and tags.
// Ids are assigned like SQLite's autoincrement unless a seed gives one.
import { basename } from 'node:path';
import { parseGoUint } from './go-strconv.js';
import {
  nowSeconds,
  type FileRow,
  type Fingerprint,
  type SceneRow,
  type StandinState,
  type TagRow,
} from './state.js';

export interface SeedFile {
  id?: number;
  path: string;
  size?: number;
  /** Stash's stored duration: round(format.duration * 100) / 100. */
  duration?: number;
  width?: number;
  height?: number;
  frameRate?: number;
  bitRate?: number;
  videoCodec?: string;
  audioCodec?: string;
  format?: string;
  oshash?: string;
  md5?: string;
  /** Hex, as fileSetFingerprints takes it. */
  phash?: string;
  /** Any other fingerprints, after oshash/md5/phash. */
  fingerprints?: Fingerprint[];
}

export interface SeedMarker {
  title?: string;
  seconds: number;
  endSeconds?: number | null;
  /** Tag name; created when missing. */
  primaryTag: string;
}

export interface SeedScene {
  id?: number;
  title?: string;
  /** Primary file first. */
  files?: SeedFile[];
  /** Tag names; created when missing. */
  tags?: string[];
  cover?: Buffer | null;
  markers?: SeedMarker[];
  /** Unix seconds; default now. */
  createdAt?: number;
  updatedAt?: number;
}

export interface SeedTag {
  id?: number;
  name: string;
  description?: string;
  aliases?: string[];
  createdAt?: number;
  updatedAt?: number;
}

function takeId(next: { [k: string]: number }, key: string, wanted: number | undefined): number {
  const id = wanted ?? next[key] ?? 1;
  next[key] = Math.max(next[key] ?? 1, id + 1);
  return id;
}

function fileFromSeed(state: StandinState, seed: SeedFile): FileRow {
  const fingerprints: Fingerprint[] = [];
  if (seed.oshash !== undefined) fingerprints.push({ type: 'oshash', value: seed.oshash });
  if (seed.md5 !== undefined) fingerprints.push({ type: 'md5', value: seed.md5 });
  if (seed.phash !== undefined) fingerprints.push({ type: 'phash', value: parseGoUint(seed.phash, 16) });
  fingerprints.push(...(seed.fingerprints ?? []));
  return {
    id: takeId(state.next, 'file', seed.id),
    path: seed.path,
    basename: basename(seed.path),
    size: seed.size ?? 0,
    duration: seed.duration ?? 0,
    width: seed.width ?? 0,
    height: seed.height ?? 0,
    frameRate: seed.frameRate ?? 0,
    bitRate: seed.bitRate ?? 0,
    videoCodec: seed.videoCodec ?? 'h264',
    audioCodec: seed.audioCodec ?? '',
    format: seed.format ?? 'mp4',
    fingerprints,
  };
}

// Adds a tag (no uniqueness check: seeding may build any state, even one Stash would refuse).
export function addTag(state: StandinState, seed: SeedTag): TagRow {
  const now = nowSeconds(state);
  const tag: TagRow = {
    id: takeId(state.next, 'tag', seed.id),
    name: seed.name,
    description: seed.description ?? '',
    aliases: seed.aliases ?? [],
    createdAt: seed.createdAt ?? now,
    updatedAt: seed.updatedAt ?? seed.createdAt ?? now,
  };
  state.tags.set(tag.id, tag);
  return tag;
}

// The tag with exactly this name, created when missing.
export function tagByName(state: StandinState, name: string): TagRow {
  for (const tag of state.tags.values()) if (tag.name === name) return tag;
  return addTag(state, { name });
}

// Adds a scene with its files, tags and markers.
export function addScene(state: StandinState, seed: SeedScene): SceneRow {
  const now = nowSeconds(state);
  const scene: SceneRow = {
    id: takeId(state.next, 'scene', seed.id),
    title: seed.title ?? '',
    createdAt: seed.createdAt ?? now,
    updatedAt: seed.updatedAt ?? seed.createdAt ?? now,
    files: (seed.files ?? []).map((f) => fileFromSeed(state, f)),
    tagIds: [...new Set((seed.tags ?? []).map((name) => tagByName(state, name).id))].sort((a, b) => a - b),
    cover: seed.cover ?? null,
    markers: (seed.markers ?? []).map((m) => ({
      id: takeId(state.next, 'marker', undefined),
      title: m.title ?? '',
      seconds: m.seconds,
      endSeconds: m.endSeconds ?? null,
      primaryTagId: tagByName(state, m.primaryTag).id,
    })),
  };
  state.scenes.set(scene.id, scene);
  return scene;
}

// Every file of every scene, by file id.
export function findFile(state: StandinState, fileId: number): FileRow | undefined {
  for (const scene of state.scenes.values()) {
    const file = scene.files.find((f) => f.id === fileId);
    if (file) return file;
  }
  return undefined;
}
