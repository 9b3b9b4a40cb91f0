// The getting-started walkthrough does what its steps say: its sample opens
// on one security finding whose quick fix leaves it clean and simulated,
// every link of a step runs a command that exists, and each step completes
// on an event the extension raises.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { formatText } from '../server/src/format/format';
import { Commands } from '../protocol/commands';
import { read, ROOT, testCodeAction } from './helpers';

interface Step {
  readonly id: string;
  readonly description: string;
  readonly media: { readonly markdown: string };
  readonly completionEvents: readonly string[];
}
const MANIFEST = JSON.parse(read(join(ROOT, 'package.json'))) as { contributes: { walkthroughs: ReadonlyArray<{ steps: readonly Step[] }> } };
const [WALKTHROUGH] = MANIFEST.contributes.walkthroughs;
const STEPS = WALKTHROUGH!.steps;
const OURS = new Set<string>(Object.values(Commands));

/** The command links of a step's description: `[text](command:ID?ARGS)`, the arguments decoded. */
const commandLinks = (step: Step): Array<{ id: string; args: unknown[] }> =>
  [...step.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]+))?\)/g)].map((m) => ({ id: m[1]!, args: m[2] === undefined ? [] : (JSON.parse(decodeURIComponent(m[2])) as unknown[]) }));

describe('walkthrough', () => {
  it('opens a sample, fixes a finding, runs a simulation and opens the report, in that order', () => {
    assert.deepEqual(STEPS.map((s) => s.id), ['openSample', 'fixFinding', 'runSimulation', 'showReport']);
    assert.deepEqual(STEPS.map((s) => s.completionEvents), [
      [`onCommand:${Commands.openSample}`],
      ['onContext:dmatopo.walkthrough.findingFixed'],
      [`onCommand:${Commands.runSimulation}`],
      [`onCommand:${Commands.showReport}`],
    ]);
    // The context key is the one the client sets when the sample's finding is fixed.
    assert.match(read(join(ROOT, 'client', 'src', 'walkthrough.ts')), /FINDING_FIXED = 'dmatopo\.walkthrough\.findingFixed'/);
  });

  it('each step has its page, and its buttons run our commands or VS Code\'s', () => {
    for (const step of STEPS) {
      assert.ok(existsSync(join(ROOT, step.media.markdown)), step.media.markdown);
      assert.match(read(join(ROOT, step.media.markdown)), /^# \S/, `${step.media.markdown} has a title`);
      const links = commandLinks(step);
      assert.ok(links.length >= 1, `${step.id} has a button`);
      for (const { id } of links) assert.ok(OURS.has(id) || id.startsWith('workbench.'), `${step.id}: ${id}`);
    }
    const [open] = commandLinks(STEPS[0]!);
    assert.deepEqual(open, { id: Commands.openSample, args: ['walkthrough/first-steps'] });
  });

  it('its sample has one finding, SEC001, whose quick fix leaves it clean, and its flow simulates', () => {
    const sample = read(join(ROOT, 'samples', 'walkthrough', 'first-steps.dmatopo'));
    // Format Document leaves it as it is: the walkthrough's first edit is the fix.
    assert.equal(formatText(sample).text, sample);
    const before = new Snapshot(sample).diagnostics;
    assert.deepEqual(before.map((d) => `${d.code} ${d.severity}`), ['SEC001 error']);
    const at = before[0]!.span.start;
    const { text } = testCodeAction(`${sample.slice(0, at)}|${sample.slice(at)}`, 'SEC001');
    assert.match(text, /iommu mmu \{ mode strict \}/);
    const fixed = new Snapshot(text);
    assert.deepEqual(fixed.diagnostics, []);
    const [capture] = fixed.simulation().flows;
    assert.equal(capture?.name, 'capture');
    assert.ok(capture.throughputBytesPerSecond > 400e6, `${capture.throughputBytesPerSecond} B/s`);
    // The first page quotes the sample as it is, and the second the finding's message.
    const page = read(join(ROOT, 'docs', 'walkthrough', 'open-sample.md'));
    const quoted = /```dmatopo\n([\s\S]*?)```/.exec(page)![1]!;
    for (const line of quoted.split('\n').filter((l) => l.trim() !== '')) assert.ok(sample.includes(line.trim()), `the sample has: ${line.trim()}`);
    const message = before[0]!.message;
    assert.ok(read(join(ROOT, 'docs', 'walkthrough', 'fix-finding.md')).replace(/\n> /g, ' ').includes(message), message);
  });
});
