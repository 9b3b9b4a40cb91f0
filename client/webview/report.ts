// The report panel's script (bundled as dist/reportView.js, loaded under the
// page's nonce): tabs per group, the diagram coloured by the selected
// group's utilisation, a flow row's path highlighted on hover, and clicks
// that ask the editor to reveal a declaration or a diagnostic's line. The
// extension sends a new body after each analysis; the selected group and
// flow survive it, and the panel being hidden (getState/setState).

interface State {
  readonly group?: string;
  readonly flow?: string;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
vscode.postMessage({ type: 'ready' });
const report = document.getElementById('report')!;
// A page opened at a group or a flow shows that; a page reloaded as it was (a new body after an edit) keeps what the user chose.
const opened = readSelection();
let state: State = opened.group !== undefined || opened.flow !== undefined ? opened : (vscode.getState() ?? {});
/** Diagram elements by the id of what they draw: built once per body, so that a hover costs the path's length. */
let drawn = new Map<string, Element[]>();

/** The selection the page was opened with (a code lens names a flow). */
function readSelection(): State {
  const group = report.dataset.selectGroup;
  const flow = report.dataset.selectFlow;
  return { ...(group === undefined ? {} : { group }), ...(flow === undefined ? {} : { flow }) };
}

function save(next: State): void {
  state = next;
  vscode.setState(state);
}

function index(): void {
  drawn = new Map();
  for (const element of report.querySelectorAll('svg.topology [data-id]')) {
    const id = element.getAttribute('data-id')!;
    const list = drawn.get(id);
    if (list === undefined) drawn.set(id, [element]);
    else list.push(element);
  }
}

function sections(): HTMLElement[] {
  return [...report.querySelectorAll<HTMLElement>('section.group')];
}

/** Shows `group`'s tab (the first when it no longer exists) and colours the diagram with its loads. */
function selectGroup(group: string | undefined): void {
  const all = sections();
  const chosen = all.find((s) => s.dataset.group === group) ?? all[0];
  for (const section of all) section.hidden = section !== chosen;
  for (const tab of report.querySelectorAll<HTMLElement>('.tab')) tab.setAttribute('aria-selected', String(tab.dataset.group === chosen?.dataset.group));
  colour(chosen);
  if (chosen !== undefined && chosen.dataset.group !== state.group) save({ ...state, group: chosen.dataset.group! });
}

function colour(section: HTMLElement | undefined): void {
  for (const element of report.querySelectorAll('svg.topology .u1, svg.topology .u2, svg.topology .u3, svg.topology .u4')) element.classList.remove('u1', 'u2', 'u3', 'u4');
  for (const label of report.querySelectorAll('svg.topology .load-label')) label.textContent = '';
  if (section === undefined) return;
  for (const row of section.querySelectorAll<HTMLElement>('tr[data-load]')) {
    const id = row.dataset.load!;
    const utilization = Number(row.dataset.utilization);
    const bucket = utilization >= 0.999 ? 'u4' : utilization >= 0.8 ? 'u3' : utilization >= 0.5 ? 'u2' : 'u1';
    for (const element of drawn.get(id) ?? []) element.classList.add(bucket);
    const label = report.querySelector(`svg.topology [data-label="${CSS.escape(id)}"]`);
    if (label !== null) label.textContent = `${(utilization * 100).toFixed(0)} %`;
  }
}

/** Marks the diagram's parts that `flow`'s row says it crosses; none when undefined. */
function highlight(row: HTMLElement | undefined): void {
  for (const element of report.querySelectorAll('.on-path')) element.classList.remove('on-path');
  if (row === undefined) return;
  row.classList.add('on-path');
  for (const id of (row.dataset.crosses ?? '').split(' ')) for (const element of drawn.get(id) ?? []) element.classList.add('on-path');
  const bar = report.querySelector(`section.group:not([hidden]) .bar[data-flow="${CSS.escape(row.dataset.flow ?? '')}"]`);
  bar?.classList.add('on-path');
}

function flowRow(name: string | undefined): HTMLElement | undefined {
  if (name === undefined) return undefined;
  return report.querySelector<HTMLElement>(`section.group:not([hidden]) tr.flow[data-flow="${CSS.escape(name)}"]`) ?? undefined;
}

/** After a new body: the same group and flow as before, if they still exist. */
function restore(): void {
  index();
  let group = state.group;
  if (state.flow !== undefined && group === undefined) {
    // A code lens names a flow, not its group: open the tab that holds it.
    const row = report.querySelector<HTMLElement>(`tr.flow[data-flow="${CSS.escape(state.flow)}"]`);
    group = row?.closest<HTMLElement>('section.group')?.dataset.group;
  }
  selectGroup(group);
  const row = flowRow(state.flow);
  highlight(row);
  row?.scrollIntoView({ block: 'center' });
}

report.addEventListener('click', (event) => {
  const target = event.target as Element;
  const tab = target.closest<HTMLElement>('.tab');
  if (tab !== null) {
    save({ group: tab.dataset.group! });
    selectGroup(tab.dataset.group);
    return;
  }
  const reveal = target.closest<Element>('[data-reveal]');
  if (reveal !== null) {
    event.preventDefault();
    const [startLine, startCharacter, endLine, endCharacter] = reveal.getAttribute('data-reveal')!.split(',').map(Number);
    vscode.postMessage({ type: 'reveal', range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } } });
  }
});

report.addEventListener('mouseover', (event) => {
  const row = (event.target as Element).closest<HTMLElement>('tr.flow') ?? undefined;
  if (row !== undefined && !row.classList.contains('on-path')) highlight(row);
});

report.addEventListener('mouseleave', () => highlight(flowRow(state.flow)));

window.addEventListener('message', (event: MessageEvent<{ type: string; body?: string; flow?: string; group?: string }>) => {
  const message = event.data;
  if (message.type === 'update' && typeof message.body === 'string') {
    report.innerHTML = message.body;
    restore();
  } else if (message.type === 'select') {
    save({ ...(message.group === undefined ? {} : { group: message.group }), ...(message.flow === undefined ? {} : { flow: message.flow }) });
    restore();
  }
});

restore();
