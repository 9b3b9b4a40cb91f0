// Hover, through `hoverAt` on a snapshot: each test writes a document with
// `|` where the mouse is and says what the hover must show. Flows, links,
// devices and memories show their simulated figures with derivations whose
// inputs link to the line they are written on; names hover as their
// declarations; keywords, properties and quantities explain themselves; a
// diagnostic adds its rule's explanation and page.
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { Snapshot } from '../server/src/analysis/snapshot';
import { hoverAt } from '../server/src/lsp/hover';
import { LANGUAGE_CODES, anchorOf } from '../server/src/lsp/hover/diagnostic';
import { RULES } from '../server/src/rules/index';
import { KEYWORD_DOCS, VALUE_DOCS } from '../server/src/syntax/keywordDocs';
import { BODY_SCHEMAS, LINK_KINDS, type BodyKind } from '../server/src/syntax/schema';
import { KEYWORDS } from '../server/src/syntax/tokens';
import { generateTopology } from '../scripts/generate';
import { CURSOR, expectHover, HOVER_URI, read, ROOT, sampleFiles } from './helpers';

/**
 * `text` with a cursor at the `^` of each needle, in the needle's first
 * occurrence, or its `nth` (from 0) for a `[needle, nth]`.
 */
function at(text: string, ...needles: Array<string | [string, number]>): string {
  assert.ok(!text.includes(CURSOR), 'the text has no cursor of its own');
  const cursors = needles.map((given) => {
    const [needle, nth] = typeof given === 'string' ? [given, 0] : given;
    const plain = needle.replace('^', '');
    let index = -1;
    for (let i = 0; i <= nth; i++) {
      index = text.indexOf(plain, index + 1);
      assert.ok(index >= 0, `'${plain}' (${nth}) is in the text`);
    }
    return index + needle.indexOf('^');
  });
  let marked = text;
  for (const cursor of [...cursors].sort((a, b) => b - a)) marked = `${marked.slice(0, cursor)}${CURSOR}${marked.slice(cursor)}`;
  return marked;
}

const CLUSTER = read(join(ROOT, 'samples', '08-gpudirect-cluster.dmatopo'));

/** Two hosts of one template over InfiniBand HDR, two RDMA flows in one group sharing the cable. */
const PAIR = `topology "pair"

template box {
  cpu s0 {}
  memory ram { size 64 GiB }
  iommu mmu {}
  nic nic0 { iommu mmu, rdma }
  link s0 -- nic0 : pcie gen5 x16
  buffer tx { in ram, size 64 MiB, pinned }
  buffer rx { in ram, size 64 MiB, pinned }
  map nic0 -> tx read
  map nic0 -> rx write
}

host a : box {}
host b : box {}
link a.nic0 -- b.nic0 : infiniband 200 Gb/s

flow one { from a.tx  to b.rx  size 64 MiB  via rdma }
flow two { from a.rx  to b.tx  size 64 MiB  via rdma }
`;

describe('hover on a flow', () => {
  it('shows every figure of the sample flow with its derivation, as the sample quotes them', () => {
    // samples/08: "sim: via staged, throughput 13 GB/s, transfer 1.62 ms, latency 333 us, copies 4, bottleneck node0.sw0--node0.s0".
    expectHover(at(CLUSTER, 'flow staged_^01'), [
      '**flow `staged_01`** (group `host_staged`)',
      '| via | `staged`: written in the flow |',
      '| throughput | **13 GB/s** |',
      '| transfer time | 1.62 ms |',
      '| latency | 333 µs |',
      '| copies | 4 |',
      '| bottleneck | `node0.sw0--node0.s0`, 26 GB/s usable, crossed by 2 flows of group `host_staged` → 13 GB/s each |',
      '- **Throughput: 13 GB/s** = its max-min fair share of the bottleneck, with the other flows of its group; limited by node0.sw0--node0.s0',
      '  - capacity of node0.sw0--node0.s0: 26 GB/s = lanes × GT/s × encoding ÷ 8 × (1 − DLLP share)',
      '- **Latency: 333 µs** = link latencies + DMA setup × DMA hops + pipeline fill',
      '  - DMA setup per descriptor chain 1 µs — assumed: a typical descriptor fetch and doorbell; engines vary',
      /header \(MWr, 64-bit\) 16 B — cited \[(\d)\][\s\S]*\n\1\. pcie-bench\/pcie-model/,
    ]);
  });

  it('derives a shared InfiniBand cable: 24.8 GB/s after framing, split between the two flows that cross it', () => {
    const [one, two] = expectHover(at(PAIR, 'flow o^ne'), [
      '| throughput | **12.4 GB/s** |',
      '| bottleneck | `a.nic0--b.nic0`, 24.8 GB/s usable, crossed by 2 flows of group `default` → 12.4 GB/s each |',
      '  - capacity of a.nic0--b.nic0: 24.8 GB/s = data rate × MTU / (MTU + 26 B of headers and CRCs per packet)',
      '    - MTU 4 KiB — default: mtu 4096 B',
      '| via | `rdma`: written in the flow |',
    ]).concat(expectHover(at(PAIR, '^flow two'), '**flow `two`**'));
    assert.notEqual(one, two);
  });

  it('says why a via was chosen when the flow has none, and what a periodic flow drops', () => {
    const text = `${PAIR.replace('via rdma }\nflow two', '}\nflow two')}flow tick { from a.tx  to b.rx  size 1 MiB  rate 30 fps  consume 40 ms  via rdma  group ticks }\n`;
    expectHover(at(text, 'flow o^ne'), '| via | `rdma`: chosen, both NICs (a.nic0, b.nic0) have rdma and both ends are in host memory |');
    expectHover(at(text, 'flow ti^ck'), [
      '[30 Hz (line 21)]',
      '| drops | 16.7 % |',
      '- **Drops: 16.7 %** = 1 − (1 − path drop) × (1 − ring drop)',
      '  - ring drop 16.7 % — derived',
      '  - consume 40 ms — written: [consume (line 21)]',
    ]);
  });

  it('links each written input to the line and column of its property', () => {
    const [value] = expectHover(at(CLUSTER, 'flow staged_^01'), /\]\(file:\/\/\//);
    const lines = CLUSTER.split('\n');
    const links = [...value!.matchAll(/\[([^\]]+) \(line (\d+)\)\]\(([^)]+)\)/g)];
    assert.ok(links.length >= 5, 'the size, the chunk, the bounce buffer\'s size and count, the link\'s width and mps');
    for (const [, what, line, target] of links) {
      const match = /^file:\/\/\/work\/lab\.dmatopo#L(\d+),(\d+)$/.exec(target!);
      assert.ok(match !== null, target);
      assert.equal(match[1], line, 'the link text names the line it opens');
      const written = lines[Number(match[1]) - 1]!.slice(Number(match[2]) - 1);
      const key = what!.replace(/^link width$/, 'x').replace(/^mps of the link$/, 'mps').replace(/^`|`$/g, '');
      assert.ok(written.startsWith(key) || /^\d/.test(what!), `line ${line}, column ${match[2]} starts with '${key}': ${written}`);
    }
    // The flow's size: `size 16 MiB` on line 113 of the sample, column 3.
    assert.ok(value!.includes(`[16 MiB (line 113)](${HOVER_URI}#L113,3)`));
  });

  it('on its keyword and its braces too; not on the whitespace inside it', () => {
    expectHover('fl|ow f { from a.x  to a.y  size 1 MiB |}\nhost a { cpu s0 {} memory m { size 1 GiB } buffer x { in m, size 1 MiB } buffer y { in m, size 1 MiB } }\n', ['**flow `f`**', '**`flow`** keyword'], '**flow `f`**');
    expectHover('flow f { from a.x |  to a.y  size 1 MiB }\n', null);
  });
});

describe('hover on a link', () => {
  it('gives a template\'s link once for its hosts, with its capacity derivation and its load in each group', () => {
    expectHover(at(CLUSTER, 'link sw0 -^- s0'), [
      '**link `sw0--s0`**: pcie gen4 x16 mps 256 B, full duplex, in hosts node\\[0..3\\]',
      '- **Usable capacity, each direction, on every host: 26 GB/s**',
      '      - lanes 16 lanes — written: [link width (line 58)]',
      '- **Latency: 300 ns** = one hop through a switch or root complex',
      '| `host_staged` | node\\[0..3\\] | 26 GB/s | 100 % | 2 |',
      '| `gpu_direct` | node\\[0..3\\] | 26 GB/s | 100 % | 2 |',
    ]);
  });

  it('on its keyword, its kind and its PCIe generation; a top-level link by its id', () => {
    expectHover(at(PAIR, 'li^nk a.nic0'), ['**link `a.nic0--b.nic0`**: infiniband 200 Gb/s', '| `default` | 24.8 GB/s | 100 % | 2 |', '**`link`** keyword']);
    expectHover(at(PAIR, 'infini^band'), ['**link `a.nic0--b.nic0`**', 'the headers and CRCs of each packet']);
    expectHover(at(PAIR, 'pcie ge^n5'), ['`gen5`: PCIe generation 5, 32 GT/s per lane, encoding 128b/130b', '**link `s0--nic0`**: pcie gen5 x16, full duplex, in hosts a and b']);
  });
});

describe('hover on a name', () => {
  it('a use hovers as its declaration does', () => {
    const text = at(PAIR, 'buffer t^x', 'from a.t^x');
    const [declaration, use] = expectHover(text, '**buffer `tx`**, in hosts a and b', '**buffer `tx`**');
    assert.equal(use, declaration);
  });

  it('a template\'s device: its hosts once, its reach and properties once, the flows through it with their throughput', () => {
    const [value] = expectHover(at(CLUSTER, 'nic ni^c0'), [
      '**nic `nic0`**, in hosts node\\[0..3\\] — iommu amdvi, mode strict',
      '| `rdma` | [on (line 55)]',
      '| read/write | `bounce` | map nic0 -> bounce rw |',
      '| [`staged_01` (line 110)]',
      /\| `gpu_direct` \| 13 GB\/s \| `node\d\.sw0--node\d\.s0` \|/,
    ]);
    assert.equal(value!.split('can reach').length, 2, 'one reach table for the four hosts');
  });

  it('a memory shows its load in each group, a buffer its maps and flows, a network its ports', () => {
    expectHover(at(CLUSTER, 'memory me^m0'), ['**memory `mem0`**, in hosts node\\[0..3\\]', '| `bandwidth` | [204.8 GB/s (line 40)]', '| `host_staged` | node\\[0..3\\] | 52 GB/s |']);
    expectHover(at(CLUSTER, 'buffer bo^unce'), ['4 × 4 MiB = 16 MiB, pinned, in `mem0`.', 'Mapped for `gpu0` rw and `nic0` rw.', '4 flows start, end or stage in it:', '[`staged_01` (line 110)]']);
    expectHover(at(CLUSTER, 'network i^b'), ['**network `ib`**: infiniband, 4 ports', 'Attached: node\\[0..3\\].nic0.', '**Usable capacity of each port, each direction: 24.8 GB/s**']);
  });

  it('a host range and its bounds, a template, a group', () => {
    expectHover(at(CLUSTER, ['host no^de[0..3]', 1]), ['**4 hosts** node\\[0..3\\] from template `gpu_node`', 'Each has 2 cpus, 2 memories']);
    expectHover(at(CLUSTER, ['node[0..^3] :', 1]), '**4 hosts** node\\[0..3\\]');
    expectHover(at(PAIR, 'host ^a'), ['**host `a`** from template `box`', 'It has 1 cpu, 1 memory, 1 iommu, 1 device, 2 buffers, 2 maps and 1 link.']);
    expectHover(at(CLUSTER, 'template gpu_^node'), ['**template `gpu_node`**', 'Made into hosts node\\[0..3\\].']);
    expectHover(at(CLUSTER, 'group host_^staged'), ['**group `host_staged`**: 4 flows', '| [`staged_30` (line 143)]']);
  });
});

describe('hover on a keyword, a property, a value, a quantity', () => {
  it('keywords and properties show their documentation', () => {
    expectHover(at(PAIR, '^host a'), ['**`host`** keyword', 'Declares one machine.']);
    expectHover('host h { iommu mmu { mo|de lazy } }', ['**`mode`**: property of an iommu', 'Translation mode.', 'Value: one of `strict`, `lazy`, `identity`, `off`. Default: strict.']);
    expectHover('host h { buffer b { in| m } }', ['**`in`**: property of a buffer, required', 'The memory or device that holds the buffer.']);
    expectHover('host h { iommu mmu { mode la|zy } }', '**`lazy`**: value of `mode` — translates, but defers invalidation');
    expectHover('host h { map n -> b r|w }', '**`rw`** keyword');
  });

  it('a quantity in SI and in human units, and its unit', () => {
    expectHover('host h { memory m { size 6|4 GiB } }', ['**64 GiB** = 68,719,476,736 B = 68.7 GB', '1 `GiB` = 1,073,741,824 B', 'The value of `size`: capacity.']);
    expectHover('network n { kind infiniband, rate 200 G|b/s }', ['**200 Gb/s** = 25,000,000,000 B/s = 25 GB/s', 'a bit rate, 8 bits to a byte']);
    expectHover('flow f { rate 3|0 fps }', '**30 fps** = 30 Hz: one every 33.3 ms');
    expectHover('flow f { cache 3|0 % }', '**30 %** = 0.3');
    expectHover('flow f { every 25|0 µs }', '**250 µs** = 0.00025 s');
    expectHover('host h { cpu c { cores 0x|40 } }', '**0x40** = 64 (hexadecimal)');
  });

  it('every keyword and property has its documentation, and every value documented is the property\'s', () => {
    for (const word of [...KEYWORDS.keys(), ...LINK_KINDS, 'read', 'write', 'rw']) assert.ok((KEYWORD_DOCS[word]?.length ?? 0) > 20, `keyword ${word}`);
    for (const [kind, schema] of Object.entries(BODY_SCHEMAS)) {
      for (const [key, spec] of Object.entries(schema)) assert.ok(spec.doc.length > 5, `${kind} ${key}`);
    }
    for (const [kind, properties] of Object.entries(VALUE_DOCS)) {
      for (const [key, values] of Object.entries(properties!)) {
        const spec = BODY_SCHEMAS[kind as BodyKind][key];
        assert.ok(spec?.value.type === 'enum', `${kind} ${key} is an enumerated property`);
        assert.deepEqual(Object.keys(values).sort(), [...spec.value.values].sort(), `every value of ${kind} ${key} is documented`);
      }
    }
  });

  it('the title is escaped: a string can hold Markdown', () => {
    // A `|` of its own: the title is hovered without the cursor marker.
    const snapshot = new Snapshot('topology "A *b* [l](x) <i> `c` | _u_"\n');
    const hover = hoverAt(snapshot, 12);
    assert.equal((hover?.contents as { value: string }).value, '**Title** of the topology: A \\*b\\* \\[l\\](x) \\<i> \\`c\\` \\| \\_u\\_');
  });

  it('nothing on whitespace, in comments, or between declarations', () => {
    expectHover(`// a com|ment\n${PAIR.replace('host a : box {}', 'host a : box {}\n|\n/* bl|ock */')}`.replace('template box {\n  cpu', 'template box {\n | cpu'), null, null, null, null);
  });
});

describe('hover on a diagnostic', () => {
  it('adds the rule\'s explanation and page, not its message again', () => {
    const [value] = expectHover('host h {\n  cpu c {}\n  memory m { size 1 GiB }\n  gpu g| {}\n  link c -- g : pcie gen4 x16\n}\n', [
      '**gpu `h.g`** — no IOMMU',
      '\n\n---\n\n`SEC001` (warning): A DMA-capable device is not behind an IOMMU, or its IOMMU is off. The rule offers a quick fix. [SEC001 documentation](file://',
    ]);
    assert.ok(!value!.includes('has no iommu'), 'the message is the editor\'s to show');
  });

  it('explains the language\'s own codes with their section of the reference, on a name that does not resolve', () => {
    expectHover('host h { cpu c {} memory m { size 1 GiB, cpu c|x } }', ['`REF001`: An unknown name. [REF001: unknown name](file://', /language\.md#L\d+\)/]);
    const headings = new Set([...read(join(ROOT, 'docs', 'language.md')).matchAll(/^### (\S+: .+)$/gm)].map((m) => m[1]));
    for (const [code, { heading }] of Object.entries(LANGUAGE_CODES)) assert.ok(headings.has(`${code}: ${heading}`), `docs/language.md has '### ${code}: ${heading}' (#${anchorOf(`${code}: ${heading}`)})`);
    for (const rule of RULES) assert.ok(read(join(ROOT, 'docs', 'rules', `${rule.meta.code}.md`)).length > 0);
  });
});

describe('hover on every sample', () => {
  for (const file of [...sampleFiles(), ...sampleFiles('samples/broken')]) {
    it(`${basename(file)}: every name and every tenth offset hovers without throwing`, () => {
      const text = read(file);
      const snapshot = new Snapshot(text);
      const names = [...snapshot.references.declarations.map((d) => d.span), ...snapshot.references.all().map((r) => r.span)];
      for (const span of names) {
        const hover = hoverAt(snapshot, span.start, { uri: HOVER_URI });
        assert.notEqual(hover, null, `a hover on '${text.slice(span.start, span.end)}' at ${span.start}`);
        const value = (hover!.contents as { value: string }).value;
        assert.ok(!/undefined|NaN|\[object/.test(value), `no undefined or NaN in the hover on '${text.slice(span.start, span.end)}':\n${value}`);
      }
      for (let offset = 0; offset <= text.length; offset += 10) hoverAt(snapshot, offset, { uri: HOVER_URI });
    });
  }
});

describe('hover on a file the model holds only in part (LIM001)', () => {
  it('says the figures are not simulated, and still shows what is written', { timeout: 60_000 }, () => {
    // 4,096 hosts × (1 + 3 items) per range: the fifth range passes 65,536.
    const ranges = Array.from({ length: 5 }, (_, i) => `host r${i}_[0..4095] : t {}`).join('\n');
    const text = `template t {\n  cpu c {}\n  memory m { size 1 GiB }\n  buffer b { in m, size 1 MiB }\n}\n${ranges}\nflow f { from r0_1.b, to r0_2.b, size 1 MiB }\n`;
    expectHover(
      at(text, 'memory ^m', 'flow ^f'),
      ['**memory `m`**, in hosts r0\\_\\[0..4095\\], r1\\_\\[0..4095\\], r2\\_\\[0..4095\\] and r3\\_\\[0..4095\\]', '| `size` | [1 GiB (line 3)]', 'Not simulated'],
      ['**flow `f`** (group `default`): `r0_1.b` → `r0_2.b`', 'Not simulated: the file instantiates more than one file may (LIM001).'],
    );
  });
});

describe('hover on the 10,000-line document', () => {
  it('answers in a few milliseconds once the snapshot is built, without a scan of every host', () => {
    const text = generateTopology(10_000);
    const snapshot = new Snapshot(text);
    snapshot.simulation();
    const targets = ['gpu gpu0', 'flow f200', 'link sw0 -- gpu0', 'network ib', 'buffer halo', 'size 64 MiB'].map((needle) => text.indexOf(needle, text.length / 2) + needle.length - 2);
    // Warm: the hover's own indexes are built once per snapshot.
    for (const offset of targets) assert.notEqual(hoverAt(snapshot, offset, { diagnostics: [] }), null);
    const times = targets.map((offset) => {
      const runs: number[] = [];
      for (let i = 0; i < 30; i++) {
        const started = performance.now();
        hoverAt(snapshot, offset, { uri: HOVER_URI, diagnostics: [] });
        runs.push(performance.now() - started);
      }
      // The fastest of thirty (compiled by then): what the hover costs, whatever else the machine was doing meanwhile.
      return Math.min(...runs);
    });
    for (const [i, ms] of times.entries()) assert.ok(ms < 10, `hover ${i} took ${ms.toFixed(2)} ms`);
  });
});
