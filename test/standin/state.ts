// The stand-in's whole database: plain objects in memory, shaped like Stash's tables
// (scenes, files with their fingerprints, tags, markers, one cover blob per scene).
// Timestamps are whole Unix seconds, as Stash stores them and renders them (RFC 3339, seconds).

export type HashAlgorithm = 'OSHASH' | 'MD5';

export interface GeneralConfig {
  generatedPath: string;
  ffmpegPath: string;
  ffprobePath: string;
  calculateMD5: boolean;
  videoFileNamingAlgorithm: HashAlgorithm;
  parallelTasks: number;
  previewAudio: boolean;
  previewSegments: number;
  previewSegmentDuration: number;
  previewExcludeStart: string;
  previewExcludeEnd: string;
  previewPreset: 'ultrafast' | 'veryfast' | 'fast' | 'medium' | 'slow' | 'slower' | 'veryslow';
  transcodeHardwareAcceleration: boolean;
  transcodeInputArgs: string[];
  transcodeOutputArgs: string[];
  apiKey: string;
}

// Stash's defaults (internal/manager/config/config.go), as configuration-general.json shows them.
export const DEFAULT_GENERAL_CONFIG: GeneralConfig = {
  generatedPath: '/root/.stash/generated',
  ffmpegPath: '/usr/bin/ffmpeg',
  ffprobePath: '/usr/bin/ffprobe',
  calculateMD5: false,
  videoFileNamingAlgorithm: 'OSHASH',
  parallelTasks: 1,
  previewAudio: true,
  previewSegments: 12,
  previewSegmentDuration: 0.75,
  previewExcludeStart: '0',
  previewExcludeEnd: '0',
  previewPreset: 'slow',
  transcodeHardwareAcceleration: false,
  transcodeInputArgs: [],
  transcodeOutputArgs: [],
  apiKey: '',
};

/** One row of files_fingerprints. phash is stored as a uint64 (rendered as unpadded hex). */
export interface Fingerprint {
  type: string;
  value: string | bigint;
}

export interface FileRow {
  id: number;
  path: string;
  basename: string;
  size: number;
  duration: number;
  width: number;
  height: number;
  frameRate: number;
  bitRate: number;
  videoCodec: string;
  audioCodec: string;
  format: string;
  fingerprints: Fingerprint[];
}

export interface MarkerRow {
  id: number;
  title: string;
  seconds: number;
  endSeconds: number | null;
  primaryTagId: number;
}

export interface SceneRow {
  id: number;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Primary file first, as Stash lists them. */
  files: FileRow[];
  tagIds: number[];
  cover: Buffer | null;
  markers: MarkerRow[];
}

export interface TagRow {
  id: number;
  name: string;
  description: string;
  aliases: string[];
  createdAt: number;
  updatedAt: number;
}

export interface VersionInfo {
  version: string | null;
  hash: string;
  build_time: string;
}

export interface StandinState {
  scenes: Map<number, SceneRow>;
  tags: Map<number, TagRow>;
  next: { scene: number; file: number; tag: number; marker: number };
  config: GeneralConfig;
  version: VersionInfo;
  system: {
    appSchema: number;
    status: 'SETUP' | 'NEEDS_MIGRATION' | 'OK';
    /** The ffmpeg Stash resolved (v0.26.0+); absent is null, as for a Stash that found none. */
    ffmpegPath?: string | null;
    ffprobePath?: string | null;
  };
  /** Saved plugin settings by plugin id (configuration.plugins). */
  plugins: Record<string, Record<string, unknown>>;
  /** Current time in milliseconds (replaceable in tests). */
  now: () => number;
  /**
   * Scene.Update.Post hook runs Stash would make: one per scene a successful bulkSceneUpdate or
   * sceneUpdate changed (as measured on the real Stash with a counting plugin); tag and
   * fingerprint mutations run none.
   */
  sceneHookRuns: number;
  /** Successful phash writes per file id (a file written twice was processed twice). */
  phashWrites: Map<number, number>;
}

export interface StateOptions {
  config?: Partial<GeneralConfig>;
  version?: Partial<VersionInfo>;
  now?: () => number;
}

// An empty library with Stash's default configuration.
export function createState(options: StateOptions = {}): StandinState {
  return {
    sceneHookRuns: 0,
    phashWrites: new Map(),
    scenes: new Map(),
    tags: new Map(),
    next: { scene: 1, file: 1, tag: 1, marker: 1 },
    config: { ...DEFAULT_GENERAL_CONFIG, ...options.config },
    version: { version: 'v0.30.1', hash: 'b23b0267a', build_time: '2025-12-18 00:00:00', ...options.version },
    // Any recent appSchema number; nothing in phashvaapi depends on its value.
    system: { appSchema: 75, status: 'OK' },
    plugins: {},
    now: options.now ?? Date.now,
  };
}

// Whole seconds since the epoch, Stash's timestamp resolution.
export function nowSeconds(state: StandinState): number {
  return Math.floor(state.now() / 1000);
}

// RFC 3339 in UTC with whole seconds, e.g. "2026-11-22T03:04:51Z".
export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The value GraphQL shows for a fingerprint (stash pkg/models/fingerprint.go Value()).
export function renderFingerprint(fp: Fingerprint): string {
  return typeof fp.value === 'bigint' ? fp.value.toString(16) : fp.value;
}

// The primary file's oshash or md5, by the naming algorithm (stash models.Scene.GetHash).
export function sceneHash(state: StandinState, scene: SceneRow): string {
  const type = state.config.videoFileNamingAlgorithm === 'MD5' ? 'md5' : 'oshash';
  const fp = scene.files[0]?.fingerprints.find((f) => f.type === type);
  return fp ? renderFingerprint(fp) : '';
}
