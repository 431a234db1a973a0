// Refuses a Stash server that lacks what phashvaapi uses, saying exactly what is missing, e.g.
// "Stash v0.20.0 lacks Mutation.fileSetFingerprints (added in v0.24.0); upgrade Stash".
// One version query and one small __type introspection query, run once at start.
import type { StashClient } from './client.js';
import { getVersion } from './api.js';
import { StashIncompatibleError } from './errors.js';
import {
  IntrospectStashCapabilitiesDocument,
  type IntrospectStashCapabilitiesQuery,
} from './generated/graphql.js';

type Capabilities = IntrospectStashCapabilitiesQuery;
type TypeKey = keyof Capabilities;

interface Requirement {
  /** e.g. "Mutation.fileSetFingerprints" */
  name: string;
  type: TypeKey;
  field: string;
  /** The Stash release that introduced it, when known. */
  since: string | null;
}

// What our operations touch; `since` comes from Stash's changelog and the spec (§6).
export const REQUIREMENTS: readonly Requirement[] = [
  {
    name: 'Mutation.fileSetFingerprints',
    type: 'mutationType',
    field: 'fileSetFingerprints',
    since: 'v0.24.0',
  },
  { name: 'Mutation.bulkSceneUpdate', type: 'mutationType', field: 'bulkSceneUpdate', since: null },
  { name: 'Mutation.sceneUpdate', type: 'mutationType', field: 'sceneUpdate', since: null },
  { name: 'Mutation.tagCreate', type: 'mutationType', field: 'tagCreate', since: null },
  { name: 'Mutation.tagUpdate', type: 'mutationType', field: 'tagUpdate', since: null },
  { name: 'Mutation.tagDestroy', type: 'mutationType', field: 'tagDestroy', since: null },
  { name: 'Query.findScenes', type: 'queryType', field: 'findScenes', since: null },
  { name: 'Query.findTags', type: 'queryType', field: 'findTags', since: null },
  { name: 'Scene.files', type: 'sceneType', field: 'files', since: 'v0.17.0' },
  { name: 'VideoFile.fingerprints', type: 'videoFileType', field: 'fingerprints', since: 'v0.17.0' },
  { name: 'Tag.description', type: 'tagType', field: 'description', since: null },
  { name: 'FindFilterType.sort', type: 'findFilterType', field: 'sort', since: null },
  { name: 'SceneFilterType.is_missing', type: 'sceneFilterType', field: 'is_missing', since: null },
  { name: 'SceneFilterType.tags', type: 'sceneFilterType', field: 'tags', since: null },
];

export interface StashCompatibility {
  /** e.g. "v0.30.1"; null on development builds. */
  version: string | null;
  hash: string;
  appSchema: number;
}

function fieldNames(caps: Capabilities, type: TypeKey): Set<string> {
  const t = caps[type] as {
    fields?: { name: string }[] | null;
    inputFields?: { name: string }[] | null;
  } | null;
  return new Set([...(t?.fields ?? []), ...(t?.inputFields ?? [])].map((f) => f.name));
}

// The requirements this server's schema lacks (pure; the introspection answer in, names out).
export function missingRequirements(caps: Capabilities): Requirement[] {
  return REQUIREMENTS.filter((r) => !fieldNames(caps, r.type).has(r.field));
}

// The refusal message for a server: what is missing, when it was added, what to do.
export function describeIncompatibility(version: string, missing: readonly Requirement[]): string {
  const parts = missing.map((r) => (r.since ? `${r.name} (added in ${r.since})` : r.name));
  return `Stash ${version} lacks ${parts.join(', ')}; upgrade Stash`;
}

// Checks the server once; throws StashIncompatibleError when it cannot be used.
export async function checkStashCompatibility(client: StashClient): Promise<StashCompatibility> {
  const { version, systemStatus } = await getVersion(client);
  const label = version.version ?? `build ${version.hash}`;
  if (systemStatus.status !== 'OK') {
    throw new StashIncompatibleError(
      `Stash ${label} is not ready (systemStatus ${systemStatus.status}); finish setup or the database migration in Stash first`,
      [],
    );
  }
  const caps = await client.request(IntrospectStashCapabilitiesDocument);
  const missing = missingRequirements(caps);
  if (missing.length > 0) {
    throw new StashIncompatibleError(
      describeIncompatibility(label, missing),
      missing.map((r) => r.name),
    );
  }
  return { version: version.version, hash: version.hash, appSchema: systemStatus.appSchema };
}
