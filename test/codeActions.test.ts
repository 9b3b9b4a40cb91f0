import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carryThrough } from '../server/src/analysis/edits';
import { layerBuilds } from '../server/src/analysis/layer';
import { checkText, Snapshot } from '../server/src/analysis/snapshot';
import type { Diagnostic } from '../server/src/model/index';
import { CODE_ACTION_KINDS, codeActions, FIX_ALL_KIND } from '../server/src/lsp/codeActions';
import { toLspDiagnostics } from '../server/src/lsp/diagnostics';
import { RULES, type Fix } from '../server/src/rules/index';
import { actionEdits, applyTextEdits, CODE_ACTION_URI, cursors, read, sampleFiles, testCodeAction } from './helpers';

const URI = CODE_ACTION_URI;

/** One document per rule that has a fix, the `|` on the finding the fix clears. */
const FIX_CASES: Readonly<Record<string, string>> = {
  DMA001: `host h {
  cpu c {}
  memory m { size 16 GiB }
  iommu i { mode strict }
  nvme ssd { iommu i }
  link c -- ssd : pcie gen4 x4
  buffer data { in m, size 4 MiB, pinned }
}
flow lo|ad { from h.ssd to h.data size 4 MiB }`,
  DMA002: `host h {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  camera cam { iommu i }
  link cam -- c : bus 2 GB/s
  buffer fr|ames { in m, size 8 MiB, count 4 }
  map cam -> frames write
}
flow video { from h.cam to h.frames size 8 MiB rate 30 fps }`,
  DMA003: `host h {
  cpu c {}
  memory m { size 64 GiB }
  iommu i { mode strict }
  dma d { iommu i }
  link d -- c : pcie gen4 x16
  buffer a { in m, size 128 MiB, pinned }
  buffer b { in m, size 128 MiB, pinned }
  map d -> a read
  map d -> b write
}
flow trans|pose { from h.a to h.b size 128 MiB via dma engine h.d pattern strided stride 32 KiB element 64 B }`,
  DMA007: `host a {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  nic n { iommu i, rdma }
  link n -- c : pcie gen4 x16
  buffer tx { in m, size 1 MiB, pinned }
  map n -> tx read
}
host b {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  nic n { iommu i }
  link n -- c : pcie gen4 x16
  buffer rx { in m, size 1 MiB, pinned }
  map n -> rx write
}
link a.n -- b.n : ethernet 100 Gbps
flow pi|ng { from a.tx to b.rx size 1 MiB via rdma }`,
  DMA008: `host h {
  cpu c {}
  memory m { size 64 GiB }
  gpu g { memory 80 GiB }
  link g -- c : pcie gen4 x16
  buffer src { in m, size 1 GiB, pinned }
  buffer bounce { in m, size 1 MiB, pageable }
  buffer dst { in g, size 1 GiB }
}
flow u|p { from h.src to h.dst size 1 GiB via staged bounce h.bounce }`,
  DMA009: `template s {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  nic n { iommu i, rdma }
  link n -- c : pcie gen4 x16
  buffer tx { in m, size 1 MiB, pinned }
  buffer rx { in m, size 1 MiB, pinned }
  map n -> tx read
  map n -> rx write
  mr reg { buffer rx, nic n, access remote_read }
}
host a : s {}
host b : s {}
link a.n -- b.n : infiniband 200 Gb/s
flow pi|ng { from a.tx to b.rx size 1 MiB via rdma }`,
  SEC001: `host h {
  cpu c {}
  iommu i { mode off }
  nic |n { iommu i, external }
  link c -- n : pcie gen4 x4
}`,
  SEC002: `host hv {
  cpu c {}
  iommu vtd { mode ident|ity }
  nic vnic { iommu vtd }
  link c -- vnic : pcie gen4 x8
  vm tenant { passthrough vnic, memory 8 GiB }
}`,
  SEC003: `host h {
  cpu c {}
  iommu i { mode ident|ity }
  fpga f { iommu i, untrusted }
  link c -- f : pcie gen4 x16
}`,
  SEC004: `host hv {
  cpu c {}
  iommu i { mode strict }
  switch sw { acs o|ff }
  nvme ssd { iommu i }
  gpu g { iommu i }
  link c -- sw : pcie gen4 x16
  link sw -- ssd : pcie gen4 x4
  link sw -- g : pcie gen4 x16
  vm v { passthrough g }
}`,
  SEC005: `host hv {
  cpu c {}
  iommu i { mode strict, intremap o|ff }
  gpu g { iommu i }
  link c -- g : pcie gen4 x16
  vm tenant { passthrough g }
}`,
  SEC006: `host h {
  cpu c {}
  iommu i { mode strict }
  nic n { iommu i, untrusted, a|ts }
  link c -- n : pcie gen4 x8
}`,
  SEC007: `host h {
  cpu c {}
  iommu i { mode la|zy }
  nvme d { iommu i, external }
  link c -- d : pcie gen4 x4
}`,
  SEC008: `host h {
  cpu c {}
  memory m { size 16 GiB }
  iommu i { mode strict, swiotlb off }
  nic n { iommu i, untrusted }
  link c -- n : pcie gen4 x8
  buffer rx { in m, size 1500| B, pinned }
  map n -> rx write
}
flow recv { from h.n to h.rx size 1500 B }`,
  SEC011: `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i { mode strict }
  nic n { iommu i }
  link c -- n : pcie gen4 x8
  buffer tx { in ram, size 1 MiB, pinned }
  map n -> tx r|w
}
flow send { from h.tx to h.n size 1 MiB }`,
  SEC012: `host h {
  cpu c {}
  iommu i { mode strict, boot la|te }
  nvme tb { iommu i, external }
  link c -- tb : pcie gen3 x4
}`,
  SEC013: `host server {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  nic nic0 { iommu mmu, rdma }
  link s0 -- nic0 : pcie gen4 x16
  buffer session { in ram, size 4 KiB, pinned, sensitive }
  mr reg { buffer session, nic nic0, access remote_w|rite, remote_read, remote_atomic }
}`,
  SEC014: `host h {
  cpu c {}
  memory ram { size 16 GiB }
  iommu i { mode strict }
  fpga acc { iommu i, untrusted, s|va }
  link c -- acc : pcie gen4 x8
  buffer input { in ram, size 64 MiB, pinned }
  buffer output { in ram, size 64 MiB, pinned }
}
flow feed { from h.input to h.acc size 64 MiB }
flow back { from h.acc to h.output size 64 MiB }`,
  SEC015: `host h {
  cpu c {}
  iommu i { mode strict, swiotlb o|ff }
  nic tb { iommu i, external }
  link c -- tb : pcie gen3 x4
}`,
  SEC016: `host h {
  cpu c {}
  iommu p { mode identi|ty }
  gpu g { iommu p }
  link c -- g : pcie gen4 x16
}`,
};

const FIXABLE = RULES.filter((rule) => rule.meta.fixable).map((rule) => rule.meta.code).sort();

/** The LSP diagnostics a snapshot publishes. */
const published = (snapshot: Snapshot): ReturnType<typeof toLspDiagnostics> => toLspDiagnostics(URI, snapshot.lines, snapshot.diagnostics);

const fixOf = (d: Diagnostic): Fix | undefined => (d.data as { fix?: Fix } | undefined)?.fix;

describe('code actions: the fix of every rule that has one', () => {
  it('has a case for every rule whose meta says it has a fix, and only those', () => {
    assert.deepEqual(Object.keys(FIX_CASES).sort(), FIXABLE);
  });
  it('finds fixes only from rules that say they have one, over every case and every sample', () => {
    const texts = [...Object.values(FIX_CASES).map((marked) => cursors(marked).text), ...sampleFiles().map(read), ...sampleFiles('samples/broken').map(read)];
    const withFix = new Set(texts.flatMap((text) => checkText(text).diagnostics.filter((d) => fixOf(d) !== undefined).map((d) => d.code)));
    assert.deepEqual([...withFix].filter((code) => !FIXABLE.includes(code)), []);
  });
  for (const [code, marked] of Object.entries(FIX_CASES)) {
    it(`${code}: the rule's fix leaves a file that parses and clears the finding; preferred unless the finding is a note`, () => {
      const { text, offsets } = cursors(marked);
      const finding = new Snapshot(text).diagnostics.find((d) => d.code === code && d.span.start <= offsets[0]! && offsets[0]! <= d.span.end)!;
      const title = fixOf(finding)!.title;
      const { actions } = testCodeAction(marked, code, title);
      const preferred = actions.filter((a) => a.isPreferred === true).map((a) => a.title);
      assert.deepEqual(preferred, finding.severity === 'error' || finding.severity === 'warning' ? [title] : []);
    });
  }
});

describe('code actions: fixes that write more than a word', () => {
  it('DMA001 adds the missing map after the buffer, with the access the flow needs', () => {
    const { text } = testCodeAction(FIX_CASES['DMA001']!, 'DMA001', 'Map data for ssd (write)');
    assert.match(text, /buffer data \{ in m, size 4 MiB, pinned \}\n {2}map ssd -> data write\n\}/);
  });
  it('DMA001 widens a map that grants the wrong access when a flow uses that access, else changes it', () => {
    const marked = FIX_CASES['DMA001']!.replace('pinned }\n}', 'pinned }\n  map ssd -> data read\n}');
    const changed = testCodeAction(marked, 'DMA001', 'Change the map of ssd to data to write');
    assert.match(changed.text, /map ssd -> data write\n/);
    const widened = testCodeAction(`${marked}\nflow back { from h.data to h.ssd size 4 MiB }`, 'DMA001', 'Widen the map of ssd to data to rw');
    assert.match(widened.text, /map ssd -> data rw\n/);
  });
  it('DMA001 on a template\'s items adds the map to the template, for every host made from it', () => {
    const marked = `template box {
  cpu c {}
  memory m { size 16 GiB }
  iommu i { mode strict }
  nvme ssd { iommu i }
  link c -- ssd : pcie gen4 x4
  buffer data { in m, size 4 MiB, pinned }
}
host k[0..1] : box {}
flow lo|ad { from k0.ssd to k0.data size 4 MiB }
flow again { from k1.ssd to k1.data size 4 MiB }`;
    const { text } = testCodeAction(marked, 'DMA001');
    assert.match(text, /template box \{[^]*buffer data \{ in m, size 4 MiB, pinned \}\n {2}map ssd -> data write\n\}\nhost k/);
    assert.deepEqual(checkText(text).diagnostics.map((d) => d.code), [], 'the one map serves both hosts');
  });
  it('DMA001 with the buffer in a template and the device added by the host puts the map in the host', () => {
    const marked = `template box {
  cpu c {}
  memory m { size 16 GiB }
  iommu i { mode strict }
  buffer data { in m, size 4 MiB, pinned }
}
host k : box {
  nvme ssd { iommu i }
  link c -- ssd : pcie gen4 x4
}
flow lo|ad { from k.ssd to k.data size 4 MiB }`;
    const { text } = testCodeAction(marked, 'DMA001');
    assert.match(text, /nvme ssd \{ iommu i \}\n {2}map ssd -> data write\n/);
  });
  it('SEC011 removes a map no flow uses', () => {
    const marked = FIX_CASES['SEC011']!.replace('map n -> tx r|w', 'map n -> tx read\n  |map n -> spare write').replace('buffer tx', 'buffer spare { in ram, size 1 MiB, pinned }\n  buffer tx');
    const { text, actions } = testCodeAction(marked, 'SEC011', 'Remove the unused map of n to spare');
    assert.ok(actions.every((a) => a.isPreferred !== true), 'a note\'s fix is not preferred');
    assert.doesNotMatch(text, /spare write/);
    assert.deepEqual(checkText(text).diagnostics, []);
  });
  it('SEC013 sizes a registered buffer to the exchange', () => {
    const marked = `host client {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  nic nic0 { iommu mmu, rdma }
  link s0 -- nic0 : pcie gen4 x16
  buffer req { in ram, size 16 KiB, pinned }
  map nic0 -> req read
}
host server {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  nic nic0 { iommu mmu, rdma }
  link s0 -- nic0 : pcie gen4 x16
  buffer pool { in ram, size 1 GiB, count 2, pinned }
  map nic0 -> pool write
  mr reg { buf|fer pool, nic nic0, access local_write, remote_write }
}
link client.nic0 -- server.nic0 : infiniband 200 Gb/s
flow f { from client.req to server.pool size 16 KiB via rdma }`;
    const { text } = testCodeAction(marked, 'SEC013');
    assert.match(text, /buffer pool \{ in ram, size 16 KiB, count 2, pinned \}/);
  });
  it('SEC014 replaces sva with the maps the device\'s flows need', () => {
    const { text } = testCodeAction(FIX_CASES['SEC014']!, 'SEC014');
    assert.match(text, /fpga acc \{ iommu i, untrusted \}/);
    assert.match(text, /map acc -> input read/);
    assert.match(text, /map acc -> output write/);
  });
});

const LAB = `host lab {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu { mode strict }
  nvme ssd { iommu mmu }
  link s0 -- ssd : pcie gen4 x4
  buffer staging { in ram, size 4 MiB, pinned }
  map ssd -> staging write
`;

describe('code actions: "did you mean" for REF001', () => {
  it('replaces an unknown name inside a host with the name it suggests', () => {
    const { text } = testCodeAction(`${LAB}}\nflow copy { from lab.ssd to lab.st|agin size 1 MiB }`, 'REF001', "Replace 'stagin' with 'staging'");
    assert.match(text, /to lab\.staging size/);
  });
  it('replaces the right part of a qualified name, and an unknown host', () => {
    testCodeAction(`${LAB}}\nflow copy { from lab.s|d to lab.staging size 1 MiB }`, 'REF001', "Replace 'sd' with 'ssd'");
    const { text } = testCodeAction(`${LAB}}\nflow copy { from la|p.ssd to lab.staging size 1 MiB }`, 'REF001', "Replace 'lap' with 'lab'");
    assert.match(text, /from lab\.ssd/);
  });
  it('qualifies a bare name at top level with its host, and unqualifies one inside a host', () => {
    testCodeAction(`${LAB}}\nflow copy { from s|sd to lab.staging size 1 MiB }`, 'REF001', "Replace 'ssd' with 'lab.ssd'");
    testCodeAction(`${LAB}  buffer extra { in lab.r|am, size 1 MiB }\n}`, 'REF001', "Replace 'lab.ram' with 'ram'");
    testCodeAction(`${LAB}  vm v { passthrough lab.s|sd }\n}`, 'REF001', "Replace 'lab.ssd' with 'ssd'");
  });
  it('replaces an unknown template, and is the preferred fix', () => {
    const { actions } = testCodeAction('template gpu_node { cpu c {} }\nhost a : gpu_no|d {}\n', 'REF001', undefined, 'template gpu_node { cpu c {} }\nhost a : gpu_node {}\n');
    assert.deepEqual(actions.map((a) => a.title), ["Replace 'gpu_nod' with 'gpu_node'"]);
  });
  it('offers no name of the wrong kind, and no disable comment (the language\'s errors cannot be disabled)', () => {
    // 'stagin' is closest to the buffer 'staging', but a map's device must be a device.
    const marked = `${LAB}  map stagin -> staging read\n}`;
    const { text } = cursors(marked);
    const snapshot = new Snapshot(text);
    const diagnostic = published(snapshot).find((d) => d.code === 'REF001')!;
    assert.match(diagnostic.message, /did you mean 'staging'/);
    assert.deepEqual(codeActions(snapshot, URI, { diagnostics: [diagnostic] }), []);
  });
  it('offers nothing for a range endpoint\'s made-up host', () => {
    const text = 'host node[0..1] { cpu c {} nic n {} link c -- n : pcie gen4 x8 }\nnetwork ib { kind infiniband rate 100 Gb/s attach nod[0..1].n }\n';
    const snapshot = new Snapshot(text);
    const diagnostic = published(snapshot).find((d) => d.code === 'REF001')!;
    assert.ok(diagnostic !== undefined);
    assert.deepEqual(codeActions(snapshot, URI, { diagnostics: [diagnostic] }), []);
  });
});

const UNPROTECTED = `topology "lab"
host h {
  cpu c {}
  gpu g {}
  nic n {}
  link c -- g : pcie gen4 x16
  link c -- n : pcie gen4 x8
}
`;

describe('code actions: disable comments', () => {
  it('disables a rule for the finding\'s line, with the line\'s indentation', () => {
    testCodeAction(UNPROTECTED.replace('gpu g', 'gpu |g'), 'SEC001', 'Disable SEC001 for this line', UNPROTECTED.replace('  gpu g', '  // dmatopo-disable-next-line SEC001\n  gpu g'));
  });
  it('adds the code to a next-line comment already above the line', () => {
    const marked = UNPROTECTED.replace('  gpu g {}', '  // dmatopo-disable-next-line DMA001\n  gpu |g {}');
    testCodeAction(marked, 'SEC001', 'Disable SEC001 for this line', cursors(marked).text.replace('line DMA001', 'line DMA001, SEC001'));
    const block = UNPROTECTED.replace('  gpu g {}', '  /* dmatopo-disable-next-line DMA001 */\n  gpu |g {}');
    testCodeAction(block, 'SEC001', 'Disable SEC001 for this line', cursors(block).text.replace('DMA001 */', 'DMA001, SEC001 */'));
  });
  it('keeps the file\'s line breaks', () => {
    const crlf = UNPROTECTED.replaceAll('\n', '\r\n').replace('gpu g', 'gpu |g');
    const { text } = testCodeAction(crlf, 'SEC001', 'Disable SEC001 for this line');
    assert.match(text, /\r\n {2}\/\/ dmatopo-disable-next-line SEC001\r\n {2}gpu g/);
  });
  it('offers no line comment where the line starts inside a block comment', () => {
    const text = 'host h {\n  cpu c {}\n  /* the card\n  in slot 2 */ gpu g {}\n  link c -- g : pcie gen4 x16\n}\n';
    const snapshot = new Snapshot(text);
    const diagnostic = published(snapshot).find((d) => d.code === 'SEC001')!;
    const titles = codeActions(snapshot, URI, { diagnostics: [diagnostic] }).map((a) => a.title);
    assert.deepEqual(titles, ['Disable SEC001 for this file']);
  });
  it('disables a rule for the file on the line after the title, clearing every finding of it', () => {
    const { text } = testCodeAction(UNPROTECTED.replace('gpu g', 'gpu |g'), 'SEC001', 'Disable SEC001 for this file', UNPROTECTED.replace('"lab"\n', '"lab"\n// dmatopo-disable SEC001\n'));
    assert.deepEqual(checkText(text).diagnostics, []);
  });
  it('puts the file comment at the top without a title, and adds to one already there', () => {
    const untitled = UNPROTECTED.replace('topology "lab"\n', '');
    testCodeAction(untitled.replace('gpu g', 'gpu |g'), 'SEC001', 'Disable SEC001 for this file', `// dmatopo-disable SEC001\n${untitled}`);
    const withComment = `${UNPROTECTED}// dmatopo-disable DMA001\nflow f { from h.g to h.n size 1 MiB }\n`;
    // The flow needs no map (no IOMMU), so DMA001 silences nothing: the comment is reported unused until SEC001 joins it.
    testCodeAction(withComment.replace('gpu g', 'gpu |g'), 'SEC001', 'Disable SEC001 for this file', cursors(withComment).text.replace('disable DMA001', 'disable DMA001, SEC001'));
  });
  it('puts the file comment after a title on the last line', () => {
    const text = 'host h { cpu c {} gpu g {} link c -- g : pcie gen4 x16 }\n';
    const titled = `topology "t" ${text.trimEnd()}`;
    testCodeAction(titled.replace('gpu g', 'gpu |g'), 'SEC001', 'Disable SEC001 for this file');
  });
});

/** Every code action the document offers for all of its diagnostics at once, as an editor asking about a whole-document selection would. */
function allQuickFixes(text: string): ReturnType<typeof codeActions> {
  const snapshot = new Snapshot(text);
  return codeActions(snapshot, URI, { diagnostics: published(snapshot) });
}

describe('code actions: source.fixAll.dmatopo', () => {
  const several = `host h {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode lazy }
  camera cam { iommu i, external }
  nvme ssd { iommu i }
  link cam -- c : bus 2 GB/s
  link ssd -- c : pcie gen4 x4
  buffer frames { in m, size 8 MiB, count 4 }
  buffer data { in m, size 4 MiB, pinned }
  map cam -> frames write
}
flow video { from h.cam to h.frames size 8 MiB rate 30 fps }
flow load { from h.ssd to h.data size 4 MiB }
flow again { from h.ssd to h.data size 1 MiB }
`;
  const fixAll = (text: string) => {
    const snapshot = new Snapshot(text);
    return codeActions(snapshot, URI, { diagnostics: [], only: [FIX_ALL_KIND] });
  };
  it('applies every fix in one edit: the result parses and every fixable finding is gone', () => {
    const before = checkText(several).diagnostics;
    assert.deepEqual(before.map((d) => d.code), ['SEC007', 'DMA002', 'DMA001', 'DMA001']);
    const [action, ...more] = fixAll(several);
    assert.equal(more.length, 0);
    assert.equal(action!.kind, FIX_ALL_KIND);
    assert.equal(action!.title, 'Fix the 4 dmatopo problems that have a fix');
    const after = applyTextEdits(several, actionEdits(action!));
    // Two flows miss the same map: it is added once.
    assert.equal(after.match(/map ssd -> data write/g)?.length, 1);
    assert.deepEqual(checkText(after).diagnostics.map((d) => d.code), []);
  });
  it('skips the later of two fixes that touch the same text; running it again applies that one', () => {
    // SEC006 removes 'ats' (with the separator before it) where DMA007 would add ', rdma' after it.
    const text = `host a {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  nic n { iommu i, untrusted, ats }
  link n -- c : pcie gen4 x16
  buffer tx { in m, size 1 MiB, pinned }
  map n -> tx read
}
host b {
  cpu c {}
  memory m { size 8 GiB }
  iommu i { mode strict }
  nic n { iommu i, rdma }
  link n -- c : pcie gen4 x16
  buffer rx { in m, size 1 MiB, pinned }
  map n -> rx write
}
link a.n -- b.n : ethernet 100 Gbps
flow ping { from a.tx to b.rx size 1 MiB via rdma }
`;
    assert.deepEqual(checkText(text).diagnostics.map((d) => d.code), ['SEC006', 'DMA007']);
    const once = applyTextEdits(text, actionEdits(fixAll(text)[0]!));
    assert.match(once, /nic n \{ iommu i, untrusted \}/);
    assert.deepEqual(checkText(once).diagnostics.map((d) => d.code), ['DMA007']);
    const twice = applyTextEdits(once, actionEdits(fixAll(once)[0]!));
    assert.match(twice, /nic n \{ iommu i, untrusted, rdma \}/);
    assert.deepEqual(checkText(twice).diagnostics.map((d) => d.code), []);
  });
  it('makes an edit two fixes share once', () => {
    // SEC002 and SEC003 both set mode strict on the one iommu.
    const text = `host h {
  cpu c {}
  iommu i { mode identity }
  nic n { iommu i, untrusted }
  gpu g { iommu i }
  link c -- n : pcie gen4 x8
  link c -- g : pcie gen4 x16
  vm v { passthrough g }
}
`;
    assert.deepEqual(checkText(text).diagnostics.map((d) => d.code).sort(), ['SEC002', 'SEC003']);
    const [action] = fixAll(text);
    assert.equal(action!.title, 'Fix the 2 dmatopo problems that have a fix');
    assert.equal(actionEdits(action!).length, 1);
    assert.deepEqual(checkText(applyTextEdits(text, actionEdits(action!))).diagnostics, []);
  });
  it('is offered only when asked for by kind, and not when there is nothing to fix', () => {
    const snapshot = new Snapshot(several);
    assert.ok(!codeActions(snapshot, URI, { diagnostics: [] }).some((a) => a.kind === FIX_ALL_KIND), 'not to the light bulb');
    assert.equal(codeActions(snapshot, URI, { diagnostics: [], only: ['source'] }).length, 1);
    assert.equal(codeActions(snapshot, URI, { diagnostics: [], only: ['source.fixAll'] }).length, 1);
    assert.equal(codeActions(snapshot, URI, { diagnostics: published(snapshot), only: ['source.fixAll'] }).filter((a) => a.kind !== FIX_ALL_KIND).length, 0, 'no quick fixes when only fixAll is asked for');
    assert.equal(codeActions(snapshot, URI, { diagnostics: published(snapshot), only: ['quickfix'] }).filter((a) => a.kind === FIX_ALL_KIND).length, 0);
    assert.deepEqual(fixAll(UNPROTECTED), []);
    // SEC016 is a note: identity mode may be the author's choice, which saving the file must not undo.
    assert.deepEqual(fixAll(cursors(FIX_CASES['SEC016']!).text), []);
  });
  it('declares quickfix and source.fixAll.dmatopo, so that codeActionsOnSave finds it', () => {
    assert.deepEqual(CODE_ACTION_KINDS, ['quickfix', 'source.fixAll.dmatopo']);
  });
});

describe('code actions: never from stale offsets', () => {
  const text = FIX_CASES['DMA002']!.replace('|', '');
  it('offers nothing for a diagnostic of an older version whose text has moved', () => {
    const old = new Snapshot(text);
    const diagnostic = published(old).find((d) => d.code === 'DMA002')!;
    const edited = new Snapshot(`// a new first line\n${text}`, undefined, 2);
    assert.deepEqual(codeActions(edited, URI, { diagnostics: [diagnostic] }), []);
  });
  it('offers nothing once the finding is gone, and the current fix when the text changed elsewhere', () => {
    const old = new Snapshot(text);
    const diagnostic = published(old).find((d) => d.code === 'DMA002')!;
    assert.deepEqual(codeActions(new Snapshot(text.replace('count 4 }', 'count 4, pinned }'), undefined, 2), URI, { diagnostics: [diagnostic] }), []);
    // The flow's size changed below the buffer: the finding is where it was, its fix computed on the new text.
    const later = new Snapshot(text.replace('rate 30 fps', 'rate 25 fps'), undefined, 2);
    const action = codeActions(later, URI, { diagnostics: [diagnostic] }).find((a) => a.isPreferred === true)!;
    assert.match(applyTextEdits(later.text, actionEdits(action)), /count 4, pinned \}[^]*rate 25 fps/);
  });
  it('ignores a range past the end of the current text and another tool\'s diagnostics', () => {
    const snapshot = new Snapshot(text);
    const [diagnostic] = published(snapshot).filter((d) => d.code === 'DMA002');
    const beyond = { ...diagnostic!, range: { start: { line: 400, character: 0 }, end: { line: 400, character: 6 } } };
    assert.deepEqual(codeActions(snapshot, URI, { diagnostics: [beyond] }), []);
    assert.deepEqual(codeActions(snapshot, URI, { diagnostics: [{ ...diagnostic!, source: 'cspell' }] }), []);
  });
});

describe('code actions: findings the caller already has', () => {
  const text = FIX_CASES['DMA002']!.replace('|', '');
  it('reads the rules\' findings it is given instead of running the rules; findings moved by an edit offer no fix', () => {
    const old = new Snapshot(text);
    const edit = { start: 0, end: 0, text: '// a new first line\n' };
    const edited = new Snapshot(`${edit.text}${text}`, undefined, 2, undefined, { snapshot: old, changes: [edit] });
    const moved = carryThrough(old.diagnostics, [edit]);
    const diagnostic = toLspDiagnostics(URI, edited.lines, moved).find((d) => d.code === 'DMA002')!;
    void edited.tree;
    const started = layerBuilds.started;
    const titles = codeActions(edited, URI, { diagnostics: [diagnostic] }, moved).map((a) => a.title);
    assert.deepEqual(titles, ['Disable DMA002 for this line', 'Disable DMA002 for this file']);
    assert.equal(layerBuilds.started, started, 'no layer built: neither the model nor the rules');
    // The same findings, for the snapshot they were found in, with their fix.
    const current = codeActions(old, URI, { diagnostics: published(old) }, old.diagnostics).map((a) => a.title);
    assert.deepEqual(current, ["Make 'frames' pinned", 'Disable DMA002 for this line', 'Disable DMA002 for this file']);
  });
});

describe('code actions on every sample', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(`${file.split('/').slice(-2).join('/')}: every quick fix parses and clears its diagnostic; fix all parses`, () => {
      const text = read(file);
      const snapshot = new Snapshot(text);
      const diagnostics = published(snapshot);
      for (const diagnostic of diagnostics) {
        const before = snapshot.diagnostics.filter((d) => d.code === diagnostic.code).length;
        for (const action of codeActions(snapshot, URI, { diagnostics: [diagnostic] })) {
          assert.equal(action.kind, 'quickfix');
          const after = applyTextEdits(text, actionEdits(action));
          const fixed = checkText(after).diagnostics;
          const where = `'${action.title}' on ${diagnostic.code} at line ${diagnostic.range.start.line + 1}`;
          assert.deepEqual(fixed.filter((d) => d.code === 'SYN001').map((d) => d.message), [], where);
          assert.ok(fixed.filter((d) => d.code === diagnostic.code).length < before, `${where} leaves as many ${diagnostic.code}`);
        }
      }
      const [all] = codeActions(snapshot, URI, { diagnostics: [], only: [FIX_ALL_KIND] });
      if (all !== undefined) {
        const after = checkText(applyTextEdits(text, actionEdits(all))).diagnostics;
        assert.deepEqual(after.filter((d) => d.code === 'SYN001').map((d) => d.message), []);
        assert.ok(after.filter((d) => fixOf(d) !== undefined).length < snapshot.diagnostics.filter((d) => fixOf(d) !== undefined).length);
      }
      assert.ok(allQuickFixes(text).every((a) => a.kind === 'quickfix'));
    });
  }
});
