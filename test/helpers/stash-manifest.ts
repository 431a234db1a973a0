// What Stash accepts in a plugin manifest, mirrored from stash pkg/plugin/config.go (Config,
// OperationConfig, HookConfig, UIConfig, PluginCSP, SettingConfig) and pkg/plugin/hook/hooks.go.
// Stash decodes it with yaml.v2 SetStrict(true) (YAML 1.1, unknown or duplicate keys are errors).
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

const TOP = [
  'name',
  'description',
  'url',
  'version',
  'interface',
  'exec',
  'errLog',
  'tasks',
  'hooks',
  'ui',
  'settings',
];
const OPERATION = ['name', 'description', 'execArgs', 'defaultArgs'];
const HOOK = [...OPERATION, 'triggeredBy'];
const UI = ['requires', 'csp', 'javascript', 'css', 'assets'];
const CSP = ['script-src', 'style-src', 'connect-src'];
const SETTING = ['type', 'displayName', 'description'];
const SETTING_TYPES = ['STRING', 'NUMBER', 'BOOLEAN'];
const INTERFACES = ['raw', 'rpc', 'js'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'progress', 'none'];
const HOOK_OBJECTS = [
  'Scene',
  'SceneMarker',
  'Image',
  'Gallery',
  'GalleryChapter',
  'Movie',
  'Group',
  'Performer',
  'Studio',
];
export const HOOK_TRIGGERS = [
  ...HOOK_OBJECTS.flatMap((o) => ['Create', 'Update', 'Destroy'].map((a) => `${o}.${a}.Post`)),
  ...['Create', 'Update', 'Merge', 'Destroy'].map((a) => `Tag.${a}.Post`),
];

// Every reason Stash would refuse the manifest (empty: it loads).
export function checkStashManifest(text: string): string[] {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: false });
  const problems = doc.errors.map((e) => e.message);
  if (problems.length > 0) return problems;
  const at = (
    path: string,
    node: unknown,
    keys: string[],
    check?: (key: string, value: Node | null, p: string) => void,
  ) => {
    if (!isMap(node)) return problems.push(`${path}: expected a mapping`);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : null;
      if (typeof key !== 'string') problems.push(`${path}: key ${String(key)} is not a string (YAML 1.1)`);
      else if (!keys.includes(key)) problems.push(`${path}.${key}: unknown key`);
      else check?.(key, pair.value as Node | null, `${path}.${key}`);
    }
    return 0;
  };
  const string = (p: string, v: unknown) =>
    isScalar(v) && typeof v.value === 'string' ? true : (problems.push(`${p}: expected a string`), false);
  const strings = (p: string, v: unknown) =>
    isSeq(v) ? v.items.forEach((x, i) => string(`${p}[${i}]`, x)) : problems.push(`${p}: expected a list`);
  const stringMap = (p: string, v: unknown) =>
    isMap(v)
      ? v.items.forEach((pair) =>
          string(`${p}.${String(isScalar(pair.key) ? pair.key.value : '?')}`, pair.value),
        )
      : problems.push(`${p}: expected a mapping`);
  const oneOf = (p: string, v: unknown, allowed: string[]) => {
    if (string(p, v) && !allowed.includes(String((v as { value: string }).value)))
      problems.push(`${p}: not one of ${allowed.join(', ')}`);
  };
  const operation = (key: string, v: Node | null, p: string) => {
    if (key === 'execArgs') strings(p, v);
    else if (key === 'defaultArgs') stringMap(p, v);
    else if (key !== 'triggeredBy') string(p, v);
    else if (isSeq(v)) v.items.forEach((x, i) => oneOf(`${p}[${i}]`, x, HOOK_TRIGGERS));
    else problems.push(`${p}: expected a list`);
  };
  at('manifest', doc.contents, TOP, (key, v, p) => {
    if (key === 'exec') strings(p, v);
    else if (key === 'interface') oneOf(p, v, INTERFACES);
    else if (key === 'errLog') oneOf(p, v, LOG_LEVELS);
    else if (key === 'tasks' || key === 'hooks') {
      const keys = key === 'tasks' ? OPERATION : HOOK;
      if (isSeq(v)) v.items.forEach((item, i) => at(`${p}[${i}]`, item, keys, operation));
      else problems.push(`${p}: expected a list`);
    } else if (key === 'settings') {
      if (isMap(v))
        for (const pair of v.items)
          at(`${p}.${String(isScalar(pair.key) ? pair.key.value : '?')}`, pair.value, SETTING, (k, sv, sp) =>
            k === 'type' ? oneOf(sp, sv, SETTING_TYPES) : string(sp, sv),
          );
      else problems.push(`${p}: expected a mapping`);
    } else if (key === 'ui')
      at(p, v, UI, (k, uv, up) =>
        k === 'csp'
          ? at(up, uv, CSP, (_c, cv, cp) => strings(cp, cv))
          : k === 'assets'
            ? stringMap(up, uv)
            : strings(up, uv),
      );
    else string(p, v);
  });
  return problems;
}
