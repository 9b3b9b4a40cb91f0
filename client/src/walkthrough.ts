// What the getting-started walkthrough cannot see from commands alone: that
// the user fixed the security finding of its sample. VS Code completes a
// step on a context key (`onContext:`); this sets it once the sample's
// diagnostics, which held a SEC finding, hold none.
import { commands, languages, type Disposable, type Uri } from 'vscode';

/** The context key of the walkthrough's "fix a finding" step. */
export const FINDING_FIXED = 'dmatopo.walkthrough.findingFixed';

const isSecurity = (code: string | number | { value: string | number } | undefined): boolean =>
  /^SEC\d{3}$/.test(String(typeof code === 'object' ? code.value : code));

/** Follows the diagnostics of `sample` (the walkthrough's untitled copy) and sets FINDING_FIXED when its security findings go away. */
export function followFirstFix(sample: Uri): Disposable {
  const key = sample.toString();
  let seen = false;
  return languages.onDidChangeDiagnostics((event) => {
    if (!event.uris.some((uri) => uri.toString() === key)) return;
    const security = languages.getDiagnostics(sample).some((d) => isSecurity(d.code));
    if (security) seen = true;
    else if (seen) void commands.executeCommand('setContext', FINDING_FIXED, true);
  });
}
