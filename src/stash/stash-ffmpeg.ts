// Which ffmpeg Stash itself runs: systemStatus { ffmpegPath ffprobePath }, the binaries Stash
// resolved at start (its ffmpeg_path setting, else its config folder, PATH, then its home folder;
// stash internal/manager/init.go). The fields exist since Stash v0.26.0.
import type { StashClient } from './client.js';
import { StashApiError, StashAuthError } from './errors.js';
import { GetStashFfmpegPathsDocument } from './generated/graphql.js';

export interface StashFfmpegPaths {
  ffmpegPath: string | null;
  ffprobePath: string | null;
}

// Stash's own ffmpeg and ffprobe paths (on Stash's machine), or null for a Stash before v0.26.0.
export async function getStashFfmpegPaths(client: StashClient): Promise<StashFfmpegPaths | null> {
  try {
    const { systemStatus } = await client.request(GetStashFfmpegPathsDocument);
    return { ffmpegPath: systemStatus.ffmpegPath || null, ffprobePath: systemStatus.ffprobePath || null };
  } catch (error) {
    // An older schema rejects the fields (a GraphQL validation error); anything else is real.
    if (
      error instanceof StashApiError &&
      !(error instanceof StashAuthError) &&
      error.graphQLErrors.length > 0
    )
      return null;
    throw error;
  }
}
