// How many scene updates an operation makes. Each scene update runs the users' Scene.Update.Post
// hooks (one hook run per scene, even in a bulk update), so the statistics count them per scene;
// fileSetFingerprints (the phash) updates a file, not a scene, and runs no scene hook.
export function scenesUpdatedBy(operation: string, variables: Record<string, unknown> | undefined): number {
  switch (operation) {
    case 'AddSceneTags':
    case 'RemoveSceneTags':
      return Array.isArray(variables?.sceneIds) ? variables.sceneIds.length : 0;
    case 'SetSceneCover':
      return 1;
    default:
      return 0;
  }
}
