// The editor settings a user sets under "dmatopo" in VS Code (the manifest's
// contributes.configuration): which inlay hints to show, when the rules and
// the simulation run, and the user's own rule severities. The rules'
// configuration proper comes from dmatopo.json files (configuration.ts),
// which win over `dmatopo.rules`: they are the project's, checked in and
// shared with CI; the setting is one person's. Pulled with
// workspace/configuration, scoped to each document (a folder may set them
// apart), once per document until the client says they changed.
import type { ClientCapabilities, Connection } from 'vscode-languageserver/node';
import { cascade, RULE_CODES, RULE_SETTINGS, type RuleConfig, type RuleSetting } from '../rules/config';

export interface EditorSettings {
  readonly inlayHints: InlayHintSettings;
  /** `dmatopo.simulate`: run the rules and the simulation as the user types, or only when the document is opened and saved. */
  readonly simulate: 'onType' | 'onSave';
  /** `dmatopo.maxLiveSimulationBytes`: a larger document's rules and simulation run on open and save only, whatever `simulate` says. */
  readonly maxLiveSimulationBytes: number;
  /** `dmatopo.rules`: severity per rule code, under what the document's dmatopo.json files say. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
}

/** Which kinds of inlay hints to show: `dmatopo.inlayHints.flows` and `dmatopo.inlayHints.links`. */
export interface InlayHintSettings {
  readonly flows: boolean;
  readonly links: boolean;
}

/** The manifest's defaults; also what a client that cannot be asked gets. */
export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { inlayHints: { flows: true, links: true }, simulate: 'onType', maxLiveSimulationBytes: 4 * 1024 * 1024, rules: new Map() };

/** The section of the settings the server asks for and the client synchronises. */
export const SETTINGS_SECTION = 'dmatopo';

/**
 * The client's answer for the `dmatopo` section, read leniently: a setting
 * that is missing or of the wrong type keeps its default, and a rule code or
 * severity dmatopo does not know is left out (VS Code underlines it in the
 * settings file, from the manifest's schema).
 */
export function editorSettingsFrom(section: unknown): EditorSettings {
  const hints = field(section, 'inlayHints');
  const flag = (key: keyof InlayHintSettings): boolean => {
    const value = field(hints, key);
    return typeof value === 'boolean' ? value : DEFAULT_EDITOR_SETTINGS.inlayHints[key];
  };
  const simulate = field(section, 'simulate');
  const maxBytes = field(section, 'maxLiveSimulationBytes');
  const rules = new Map<string, RuleSetting>();
  const written = field(section, 'rules');
  if (typeof written === 'object' && written !== null && !Array.isArray(written)) {
    for (const [code, setting] of Object.entries(written)) {
      if (RULE_CODES.has(code) && RULE_SETTINGS.includes(setting as RuleSetting)) rules.set(code, setting as RuleSetting);
    }
  }
  return {
    inlayHints: { flows: flag('flows'), links: flag('links') },
    simulate: simulate === 'onSave' || simulate === 'onType' ? simulate : DEFAULT_EDITOR_SETTINGS.simulate,
    maxLiveSimulationBytes: typeof maxBytes === 'number' && maxBytes >= 0 ? maxBytes : DEFAULT_EDITOR_SETTINGS.maxLiveSimulationBytes,
    rules,
  };
}

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

/** The rule configuration a document is checked with: the user's `dmatopo.rules`, overridden by its dmatopo.json files wherever both set a rule. */
export function withEditorRules(files: RuleConfig, editor: EditorSettings): RuleConfig {
  return editor.rules.size === 0 ? files : cascade([{ rules: editor.rules, files: [] }, files]);
}

/** Whether two sets of rule settings set the same rules the same way. */
export function sameRules(a: ReadonlyMap<string, RuleSetting>, b: ReadonlyMap<string, RuleSetting>): boolean {
  if (a.size !== b.size) return false;
  for (const [code, setting] of a) if (b.get(code) !== setting) return false;
  return true;
}

/** Whether the rules and the simulation of `text` run as it is typed, rather than when it is opened and saved. */
export function simulatesLive(editor: EditorSettings, text: string): boolean {
  if (editor.simulate !== 'onType' || text.length > editor.maxLiveSimulationBytes) return false;
  // UTF-8 takes one to three bytes per UTF-16 unit: only a text that may be either side of the limit is measured.
  return text.length * 3 <= editor.maxLiveSimulationBytes || Buffer.byteLength(text, 'utf8') <= editor.maxLiveSimulationBytes;
}

/** What the settings need of the client. */
export interface SettingsClient {
  /** workspace/configuration for one section, scoped to a document. */
  configuration(scopeUri: string, section: string): Promise<unknown>;
  /** workspace/inlayHint/refresh: the client asks for every visible document's hints again. */
  refreshInlayHints(): Promise<void>;
}

export function settingsClient(connection: Connection): SettingsClient {
  return {
    configuration: (scopeUri, section) => connection.workspace.getConfiguration({ scopeUri, section }),
    refreshInlayHints: () => connection.languages.inlayHint.refresh(),
  };
}

/** Each open document's editor settings, asked once and kept until the client reports a change. */
export class DocumentSettings {
  private readonly known = new Map<string, Promise<EditorSettings>>();
  /** The settings each document's request answered, for what must be read at once (a new snapshot's rule configuration). */
  private readonly answered = new Map<string, EditorSettings>();
  private canAsk = false;
  private canRefresh = false;

  constructor(private readonly client: SettingsClient) {}

  /** From initialize: whether the client answers workspace/configuration and can refresh its inlay hints. */
  capabilities(capabilities: ClientCapabilities): void {
    this.canAsk = capabilities.workspace?.configuration === true;
    this.canRefresh = capabilities.workspace?.inlayHint?.refreshSupport === true;
  }

  of(uri: string): Promise<EditorSettings> {
    if (!this.canAsk) return Promise.resolve(DEFAULT_EDITOR_SETTINGS);
    const known = this.known.get(uri);
    if (known !== undefined) return known;
    const asked = this.client.configuration(uri, SETTINGS_SECTION).then(
      (section) => {
        const settings = editorSettingsFrom(section);
        if (this.known.get(uri) === asked) this.answered.set(uri, settings);
        return settings;
      },
      () => {
        // Not kept: the next request asks again rather than keeping the defaults for good.
        if (this.known.get(uri) === asked) this.known.delete(uri);
        return DEFAULT_EDITOR_SETTINGS;
      },
    );
    this.known.set(uri, asked);
    return asked;
  }

  /** The document's settings as last answered (the defaults before the first answer), without waiting. */
  latest(uri: string): EditorSettings {
    return this.answered.get(uri) ?? DEFAULT_EDITOR_SETTINGS;
  }

  /** workspace/didChangeConfiguration: every document's settings are asked again, and the client shows hints as they now say. */
  changed(): void {
    this.known.clear();
    if (this.canRefresh) void this.client.refreshInlayHints().catch(() => undefined);
  }

  /** The document was closed. */
  forget(uri: string): void {
    this.known.delete(uri);
    this.answered.delete(uri);
  }
}
