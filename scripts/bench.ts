// `npm run bench`: warm median timings of the pipeline on generated
// topologies. Prints figures; asserts nothing (timings are machine-bound).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../server/src/model/index';
import { RuleContext } from '../server/src/rules/context';
import { checkText, Snapshot } from '../server/src/analysis/snapshot';
import { RULES } from '../server/src/rules/index';
import { parseSlice, parseText, reparse, type Declaration, type TextChange } from '../server/src/syntax/index';
import { Fabric } from '../server/src/sim/fabric';
import { Planner } from '../server/src/sim/plan';
import { simulate, simulatePlans } from '../server/src/sim/simulate';
import { maxMinShare } from '../server/src/sim/share';
import { generateHosts, generateManyGroups, generateTopology, randomShareInstance } from './generate';
import { checkAgainstSimgrid } from './bench-simgrid';

const RUNS = 15;
const WARMUP = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(action: () => unknown): number {
  return timeRuns(action, RUNS);
}

function timeRuns(action: () => unknown, runs: number): number {
  for (let i = 0; i < Math.min(WARMUP, runs); i++) action();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    action();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * Every flow its own group, at two sizes: the whole simulation, and the
 * groups alone over a fabric and plans built once (as the rules run them);
 * the growth says whether a group costs what it touches or the whole fabric.
 */
function manyGroupsRows(): string[][] {
  const rows: string[][] = [['topology', 'lines', 'groups', 'simulate ms', 'groups only ms']];
  const groupsOnlyMs: number[] = [];
  for (const lines of [3_000, 10_000]) {
    const text = generateManyGroups(lines);
    const { model } = analyze(text);
    const fabric = new Fabric(model);
    const planner = new Planner(fabric);
    const plans = new Map([...model.flows.values()].map((flow) => [flow, planner.plan(flow)]));
    const simulateMs = time(() => simulate(model));
    // A few milliseconds, where one scavenge more or less shows: more runs steady the median.
    const groupsMs = timeRuns(() => simulatePlans(model, fabric, (flow) => plans.get(flow)!), 4 * RUNS);
    groupsOnlyMs.push(groupsMs);
    rows.push(['one group per flow', String(text.split('\n').length - 1), String(model.flows.size), simulateMs.toFixed(1), groupsMs.toFixed(1)]);
  }
  rows.push(['growth, 10000 / 3000 lines', '', '', '', `${(groupsOnlyMs[1]! / groupsOnlyMs[0]!).toFixed(1)}×`]);
  return rows;
}

const rows: string[][] = [['file', 'lines', 'KB', 'parse ms', 'parse + model ms', '+ rules ms', 'diagnostics']];
for (const lines of [1_000, 10_000]) {
  const text = generateTopology(lines);
  const actualLines = text.split('\n').length - 1;
  const diagnostics = analyze(text).diagnostics.length;
  const parseMs = time(() => parseText(text));
  const totalMs = time(() => analyze(text));
  const checkMs = time(() => checkText(text));
  rows.push([`generated-${lines}`, String(actualLines), (text.length / 1024).toFixed(0), parseMs.toFixed(1), totalMs.toFixed(1), checkMs.toFixed(1), String(diagnostics)]);
}

// The editor's path: re-parse the one declaration an edit touches.
const big = generateTopology(10_000);
const middle = parseText(big).declarations[200]!;
const sliceMs = time(() => parseSlice(big, middle.span.start, middle.span.end));
const sliceLines = big.slice(middle.span.start, middle.span.end).split('\n').length;
rows.push([`one host of 10000`, String(sliceLines), (middle.span.end - middle.span.start > 1024 ? ((middle.span.end - middle.span.start) / 1024).toFixed(0) : '<1'), sliceMs.toFixed(2), '-', '-', '-']);

/**
 * A keystroke in a host of the 10,000 lines: the full parse of the edited
 * text against `reparse` from the previous tree. A character typed moves
 * every declaration after it (copies, one character on), all of them when
 * typed in the first host; one typed over another keeps the length, and
 * with it every other declaration.
 */
function keystrokeRows(): string[][] {
  const tree = parseText(big);
  const hosts = tree.declarations.filter((d) => d.kind === 'host');
  const coresIn = (host: Declaration): number => big.indexOf('cores 32', host.span.start) + 'cores 3'.length;
  const first = coresIn(hosts[0]!);
  const middle = coresIn(hosts[hosts.length >> 1]!);
  const rows: string[][] = [['edit in generated-10000', 'full parse ms', 'reparse ms', 'speed-up']];
  const edits: Array<[string, TextChange]> = [
    ['one character typed, first host', { start: first, end: first, text: '1' }],
    ['one character typed, middle host', { start: middle, end: middle, text: '1' }],
    ['one typed over another, middle host', { start: middle, end: middle + 1, text: '4' }],
  ];
  for (const [what, change] of edits) {
    const text = big.slice(0, change.start) + change.text + big.slice(change.end);
    const fullMs = time(() => parseText(text));
    const reparseMs = time(() => reparse(tree, big, text, [change]));
    rows.push([what, fullMs.toFixed(1), reparseMs.toFixed(2), `${(fullMs / reparseMs).toFixed(0)}×`]);
  }
  return rows;
}

const simRows: string[][] = [['topology', 'hosts', 'flows', 'links', 'analyze ms', 'simulate ms']];
for (const hosts of [100, 1_000, 10_000]) {
  const text = generateHosts(hosts);
  const { model } = analyze(text);
  const runs = hosts >= 10_000 ? 3 : RUNS;
  const analyzeMs = timeRuns(() => analyze(text), runs);
  let linkCount = 0;
  const simulateMs = timeRuns(() => {
    linkCount = simulate(model).links.length;
  }, runs);
  simRows.push([`generated`, String(hosts), String(model.flows.size), String(linkCount), analyzeMs.toFixed(1), simulateMs.toFixed(1)]);
}
const instance = randomShareInstance(50_000, 10_000, 8);
const solveMs = timeRuns(() => maxMinShare(instance.resources, instance.flows), 7);
simRows.push(['random share', '-', '10000', '50000', '-', solveMs.toFixed(1)]);

const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
const flags = process.execArgv.length === 0 ? 'default node flags, as the CLI runs' : `${process.execArgv.join(' ')}, as the language server runs`;
console.log(`dmatopo benchmark: warm medians of ${RUNS} runs after ${WARMUP} warm-up runs; node ${process.version}, ${flags}`);
for (const row of rows) console.log(row.map((cell, col) => cell.padStart(widths[col]!)).join('  '));

const keystroke = keystrokeRows();
const keystrokeWidths = keystroke[0]!.map((_, col) => Math.max(...keystroke.map((row) => row[col]!.length)));
console.log('');
console.log('keystroke (reparse: only the declarations the edit touches, the rest reused):');
for (const row of keystroke) console.log(row.map((cell, col) => (col === 0 ? cell.padEnd(keystrokeWidths[col]!) : cell.padStart(keystrokeWidths[col]!))).join('  '));

const simWidths = simRows[0]!.map((_, col) => Math.max(...simRows.map((row) => row[col]!.length)));
console.log('');
console.log('simulation (every group of the topology; the random instance: 8 resources per flow, 30 % of flows capped):');
for (const row of simRows) console.log(row.map((cell, col) => cell.padStart(simWidths[col]!)).join('  '));

const manyGroups = manyGroupsRows();
const manyGroupsWidths = manyGroups[0]!.map((_, col) => Math.max(...manyGroups.map((row) => row[col]!.length)));
console.log('');
console.log('many groups (every flow its own group; groups only: the groups over a fabric and plans built once, as the rules run them):');
for (const row of manyGroups) console.log(row.map((cell, col) => cell.padStart(manyGroupsWidths[col]!)).join('  '));

/**
 * Rules alone over an analysed model: the fabric, the plans and the
 * simulation are built once, untimed; each run makes a new context over them
 * and times every rule, so the indexes rules share are built inside the
 * timed part, as in a real check.
 */
const LARGE_RULE_RUNS = 5;

function rulesRows(): string[][] {
  const rows: string[][] = [['topology', 'hosts', 'flows', 'rules ms', 'slowest rules, median ms']];
  for (const hosts of [1_000, 4_000]) {
    const snapshot = new Snapshot(generateHosts(hosts));
    const { model, fabric, plans } = snapshot;
    // The simulation is its own row: DMA005 and DMA006 read it, and must not be charged for it.
    const simulation = snapshot.simulation();
    const runs = hosts >= 4_000 ? LARGE_RULE_RUNS : RUNS;
    const totals: number[] = [];
    const byRule = new Map<string, number[]>();
    for (let run = 0; run < Math.min(WARMUP, runs) + runs; run++) {
      const context = new RuleContext(model, { fabric, plans, simulation: () => simulation });
      let total = 0;
      for (const rule of RULES) {
        const start = performance.now();
        rule.check(context, () => {});
        const ms = performance.now() - start;
        total += ms;
        if (run < Math.min(WARMUP, runs)) continue;
        const samples = byRule.get(rule.meta.code) ?? [];
        byRule.set(rule.meta.code, samples);
        samples.push(ms);
      }
      if (run >= Math.min(WARMUP, runs)) totals.push(total);
    }
    const slowest = [...byRule].map(([code, samples]) => [code, median(samples)] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    rows.push(['generated', String(hosts), String(model.flows.size), median(totals).toFixed(1), slowest.map(([code, ms]) => `${code} ${ms.toFixed(1)}`).join(', ')]);
  }
  return rows;
}

function printRules(): void {
  const rows = rulesRows();
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  console.log('');
  console.log(`rules (all of them over an analysed model; context and simulation built untimed; medians of ${RUNS} runs, ${LARGE_RULE_RUNS} at 4,000 hosts):`);
  for (const row of rows) console.log(row.map((cell, col) => (col === row.length - 1 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ').trimEnd());
}

printRules();

/**
 * Issue 10's target: the whole `dmatopo check` process against SimGrid's
 * solve of the same flows. The processes run with the CLI's own flags
 * whatever this run's are, so the section is printed once, in the run with
 * default flags.
 */
if (process.execArgv.length === 0) {
  console.log('');
  console.log(`check against SimGrid (issue 10: each host's GPU to the next 10 hosts' GPUs, 4 groups; medians of 5 processes):`);
  for (const line of checkAgainstSimgrid(join(__dirname, 'cli.js'), join(__dirname, '..', 'test', 'oracle', 'simgrid_maxmin.py'))) console.log(line);
}
