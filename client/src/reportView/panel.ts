// The report panel: a webview beside the source document, one per document,
// showing the server's report view (dmatopo/reportView) as reportPage renders
// it, following the document's analyses (debounced), and revealing in the
// editor what the user clicks. The webview runs only the bundled
// dist/reportView.js, may load nothing but dist/, and keeps its state while
// hidden.
import * as path from 'node:path';
import { Disposable, Range, Selection as EditorSelection, TextEditorRevealType, Uri, ViewColumn, window, workspace, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { fileNameOf } from '../../../protocol/fileName';
import { ReportViewRequest } from '../../../protocol/messages';
import type { ReportTopology, ReportView } from '../../../protocol/reportView';
import type { Diagram } from './diagram';
import { reportBody, reportPage, type Selection } from './html';
import { DEFAULT_LAYOUT, layoutDiagram } from './layout';

/** How long the panel waits after an analysis for the next one before asking again: typing sends one per pause. */
const DEBOUNCE_MS = 300;

interface Shown {
  readonly panel: WebviewPanel;
  /** Whether the webview's script has started: before that, a new body replaces the page. */
  ready: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The last diagram and the topology's shape it was laid out for: an edit that keeps the shape keeps the layout. */
  layout: { readonly shape: string; readonly diagram: Diagram } | undefined;
  /** Bumped per refresh, so that a slow answer never replaces a newer one. */
  generation: number;
}

export class ReportPanels implements Disposable {
  private readonly shown = new Map<string, Shown>();
  private readonly dist: Uri;

  constructor(
    private readonly client: LanguageClient,
    extensionUri: Uri,
  ) {
    this.dist = Uri.joinPath(extensionUri, 'dist');
  }

  /** Called when the server has analysed a new version of `source`: its open panel follows, once the edits pause. */
  analysed(source: string): void {
    const shown = this.shown.get(source);
    if (shown === undefined) return;
    if (shown.timer !== undefined) clearTimeout(shown.timer);
    shown.timer = setTimeout(() => {
      shown.timer = undefined;
      void this.refresh(source, shown, undefined);
    }, DEBOUNCE_MS);
  }

  /** Opens (or reveals) the panel of `source`, at a group's tab or with a flow selected. */
  async show(source: string, selection: Selection = {}): Promise<void> {
    let shown = this.shown.get(source);
    if (shown !== undefined) {
      shown.panel.reveal(undefined, true);
      if (shown.ready) void shown.panel.webview.postMessage({ type: 'select', ...selection });
      await this.refresh(source, shown, shown.ready ? undefined : selection);
      return;
    }
    const panel = window.createWebviewPanel('dmatopo.report', `Report: ${fileNameOf(source)}`, { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: true,
      localResourceRoots: [this.dist],
    });
    shown = { panel, ready: false, timer: undefined, layout: undefined, generation: 0 };
    this.shown.set(source, shown);
    const current = shown;
    panel.onDidDispose(() => {
      if (current.timer !== undefined) clearTimeout(current.timer);
      this.shown.delete(source);
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.received(source, current, message));
    panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>Simulating…</p></body></html>`;
    await this.refresh(source, shown, selection);
  }

  private received(source: string, shown: Shown, message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const { type, range } = message as { type?: unknown; range?: unknown };
    if (type === 'ready') shown.ready = true;
    else if (type === 'reveal') {
      const revealed = editorRange(range);
      if (revealed !== undefined) void reveal(source, revealed);
    }
  }

  /** Asks the server for the report view, lays out its diagram (again only when its shape changed) and shows it; `selection` means a new page. */
  private async refresh(source: string, shown: Shown, selection: Selection | undefined): Promise<void> {
    const generation = ++shown.generation;
    let view: ReportView;
    try {
      view = await this.client.sendRequest(ReportViewRequest, { uri: source });
    } catch (error) {
      void window.showErrorMessage(`DMA Topology: the report of ${fileNameOf(source)} failed: ${(error as Error).message}`);
      return;
    }
    const shape = topologyShape(view.topology);
    if (shown.layout?.shape !== shape) {
      const diagram = await layoutDiagram(view.topology, { ...DEFAULT_LAYOUT, workerPath: path.join(this.dist.fsPath, 'layoutWorker.js') });
      shown.layout = { shape, diagram };
    }
    if (generation !== shown.generation || !this.shown.has(source)) return;
    const { diagram } = shown.layout!;
    const { webview } = shown.panel;
    if (shown.ready && selection === undefined) {
      void webview.postMessage({ type: 'update', body: reportBody(view, diagram) });
      return;
    }
    shown.ready = false;
    const resources = { cspSource: webview.cspSource, scriptUri: webview.asWebviewUri(Uri.joinPath(this.dist, 'reportView.js')).toString(), styleUri: webview.asWebviewUri(Uri.joinPath(this.dist, 'reportView.css')).toString() };
    webview.html = reportPage(view, diagram, resources, selection ?? {});
  }

  dispose(): void {
    for (const shown of this.shown.values()) shown.panel.dispose();
  }
}

/** What the layout depends on: the ids of the hosts, nodes and links, in order. Linear in the topology. */
function topologyShape(topology: ReportTopology): string {
  return [topology.hosts.map((h) => h.id).join(' '), topology.nodes.map((n) => n.id).join(' '), topology.links.map((l) => l.id).join(' ')].join('\n');
}

/** A range from the webview, checked: four non-negative integers, or nothing. */
function editorRange(value: unknown): Range | undefined {
  const r = value as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | undefined;
  const numbers = [r?.start?.line, r?.start?.character, r?.end?.line, r?.end?.character];
  if (!numbers.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return undefined;
  const [a, b, c, d] = numbers as number[];
  return new Range(a!, b!, c!, d!);
}

/** Shows the source document with `range` selected, in the editor it is open in (else the first column). */
async function reveal(source: string, range: Range): Promise<void> {
  const uri = Uri.parse(source);
  const open = window.visibleTextEditors.find((editor) => editor.document.uri.toString() === source);
  const document = await workspace.openTextDocument(uri);
  const editor = await window.showTextDocument(document, { viewColumn: open?.viewColumn ?? ViewColumn.One, preserveFocus: false });
  editor.selection = new EditorSelection(range.start, range.end);
  editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
}
