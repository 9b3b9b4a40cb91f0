// "Open Sample": the sample topologies bundled with the extension (samples/
// in the .vsix), each opened as an untitled copy. A copy, because the
// walkthrough has the user edit it (apply a quick fix) and an installed
// extension's own files must not change; untitled, so that nothing is
// written until the user saves it where they choose.
import { Position, Uri, ViewColumn, window, workspace, WorkspaceEdit, type ExtensionContext } from 'vscode';

/** A bundled sample: its name (its path under samples/, without `.dmatopo`) and its topology's title. */
interface Sample {
  readonly name: string;
  readonly title: string;
}

/** The sample the getting-started walkthrough opens. */
export const FIRST_STEPS = 'walkthrough/first-steps';

/** The samples of the guided tour (samples/*.dmatopo) and the walkthrough's, with their titles. */
async function bundledSamples(context: ExtensionContext): Promise<Sample[]> {
  const folder = Uri.joinPath(context.extensionUri, 'samples');
  const names = (await workspace.fs.readDirectory(folder)).filter(([name]) => name.endsWith('.dmatopo')).map(([name]) => name.slice(0, -'.dmatopo'.length));
  return Promise.all(
    [...names.sort(), FIRST_STEPS].map(async (name) => {
      const text = await readSample(context, name);
      return { name, title: /^topology\s+"([^"]*)"/m.exec(text)?.[1] ?? name };
    }),
  );
}

async function readSample(context: ExtensionContext, name: string): Promise<string> {
  return new TextDecoder().decode(await workspace.fs.readFile(Uri.joinPath(context.extensionUri, 'samples', `${name}.dmatopo`)));
}

/**
 * Opens the sample `name` (one picked from a list when none is given) as
 * an untitled `NAME.dmatopo` beside the active editor, so that the
 * walkthrough stays in view. A copy already open is shown as it is, with
 * the user's edits.
 */
export async function openSample(context: ExtensionContext, name: unknown): Promise<void> {
  let chosen = typeof name === 'string' ? name : undefined;
  if (chosen === undefined) {
    const samples = await bundledSamples(context);
    const picked = await window.showQuickPick(
      samples.map((s) => ({ label: s.name.split('/').pop()!, description: s.title, name: s.name })),
      { title: 'DMA Topology: open which sample?', placeHolder: 'a sample topology, opened as an untitled copy' },
    );
    if (picked === undefined) return;
    chosen = picked.name;
  }
  let text: string;
  try {
    // Only a name of the samples folder: a command's argument must not reach outside it.
    if (!/^[\w-]+(\/[\w-]+)?$/.test(chosen)) throw new Error(chosen);
    text = await readSample(context, chosen);
  } catch {
    void window.showWarningMessage(`DMA Topology: there is no sample named ${chosen}.`);
    return;
  }
  const uri = sampleUri(chosen);
  const document = await workspace.openTextDocument(uri);
  if (document.getText() === '') {
    const edit = new WorkspaceEdit();
    edit.insert(uri, new Position(0, 0), text);
    await workspace.applyEdit(edit);
  }
  await window.showTextDocument(document, { viewColumn: ViewColumn.Beside, preview: false });
}

/** The untitled document a sample opens as: `untitled:NAME.dmatopo`, the name the save dialog proposes. */
export const sampleUri = (name: string): Uri => Uri.from({ scheme: 'untitled', path: `${name.split('/').pop()}.dmatopo` });
