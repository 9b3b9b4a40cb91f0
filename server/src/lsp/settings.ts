// The editor settings a user sets under "dmatopo" in VS Code (the manifest's
// contributes.configuration): which inlay hints to show. Not the rules'
// configuration, which comes from dmatopo.json files (configuration.ts).
// Pulled with workspace/configuration, scoped to each document (a folder
// may set them apart), once per document until the client says they changed.
import type { ClientCapabilities, Connection } from 'vscode-languageserver/node';

export interface EditorSettings {
  readonly inlayHints: InlayHintSettings;
}

/** Which kinds of inlay hints to show: `dmatopo.inlayHints.flows` and `dmatopo.inlayHints.links`. */
export interface InlayHintSettings {
  readonly flows: boolean;
  readonly links: boolean;
}

/** The manifest's defaults; also what a client that cannot be asked gets. */
export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { inlayHints: { flows: true, links: true } };

/** The section of the settings the server asks for and the client synchronises. */
export const SETTINGS_SECTION = 'dmatopo';

/** The client's answer for the `dmatopo` section, read leniently: a setting that is missing or not a boolean keeps its default. */
export function editorSettingsFrom(section: unknown): EditorSettings {
  const hints = field(section, 'inlayHints');
  const flag = (key: keyof InlayHintSettings): boolean => {
    const value = field(hints, key);
    return typeof value === 'boolean' ? value : DEFAULT_EDITOR_SETTINGS.inlayHints[key];
  };
  return { inlayHints: { flows: flag('flows'), links: flag('links') } };
}

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

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
    const asked = this.client.configuration(uri, SETTINGS_SECTION).then(editorSettingsFrom, () => {
      // Not kept: the next request asks again rather than keeping the defaults for good.
      if (this.known.get(uri) === asked) this.known.delete(uri);
      return DEFAULT_EDITOR_SETTINGS;
    });
    this.known.set(uri, asked);
    return asked;
  }

  /** workspace/didChangeConfiguration: every document's settings are asked again, and the client shows hints as they now say. */
  changed(): void {
    this.known.clear();
    if (this.canRefresh) void this.client.refreshInlayHints().catch(() => undefined);
  }

  /** The document was closed. */
  forget(uri: string): void {
    this.known.delete(uri);
  }
}
