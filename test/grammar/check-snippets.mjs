// Checks that every snippet in snippets/dmatopo.json expands to valid .dmatopo text.
//
// Each snippet is expanded with its defaults (the first choice of every
// `${N|a,b|}`) and also once per other choice, placed in a small context that
// declares what it refers to, and checked with `dist/cli.js check --json`: the
// defaults must give no diagnostic at all, the other choices no language error
// (SYN, REF, UNIT, VAL, REQ, TOP; a rule may warn about `mode off`).
// Usage (after `npm run build`): node test/grammar/check-snippets.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const snippets = JSON.parse(readFileSync(join(root, 'snippets/dmatopo.json'), 'utf8'));

/** The snippet's text with every placeholder replaced; `choice(n, options)` picks a choice. */
function expand(body, choice = (_n, options) => options[0]) {
  return body
    .join('\n')
    .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n, options) => choice(Number(n), options.split(',')))
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\t/g, '  ');
}

const server = `template server {
  cpu s0 { cores 16 }
  memory dram { size 64 GiB }
  iommu mmu { mode strict }
  nic nic0 { iommu mmu, rdma }
  gpu gpu0 { iommu mmu, memory 80 GiB, arch 80 }
  link nic0 -- s0 : pcie gen4 x16
  link gpu0 -- s0 : pcie gen4 x16
  buffer tx { in dram, size 4 MiB, pinned }
  buffer rx { in dram, size 4 MiB, pinned }
  buffer halo { in gpu0, size 16 MiB }
  buffer bounce { in dram, size 4 MiB, count 4, pinned }
  map nic0 -> tx read
  map nic0 -> rx write
  map gpu0 -> bounce rw
  map nic0 -> bounce rw
  mr rx_reg { buffer rx, nic nic0, access local_write, remote_write }
}
host alpha : server {}
host beta : server {}
`;
const cable = 'link alpha.nic0 -- beta.nic0 : infiniband 200 Gb/s\n';
const host = (items) => `host h {\n${items.map((line) => `  ${line}\n`).join('')}  ${'$SNIPPET'}\n}\n`;
const base = ['cpu s0 { cores 16 }', 'memory dram { size 64 GiB }', 'iommu mmu { mode strict }'];
const device = (name) => [...base, `link ${name} -- s0 : pcie gen4 x16`];

/** Where each snippet is checked: `$SNIPPET` marks its place. */
const contexts = {
  topology: '$SNIPPET\n',
  host: '$SNIPPET\n',
  'host range': `${server}$SNIPPET\n`,
  template: '$SNIPPET\nhost h : name {}\n',
  'link (pcie)': host([...base, 'nic nic0 { iommu mmu }']),
  'link (network)': `${server}$SNIPPET\n`,
  network: `${server}$SNIPPET\n`,
  'flow (rdma)': `${server}${cable}$SNIPPET\n`,
  'flow (staged)': `${server}${cable}$SNIPPET\n`,
  cpu: host(['memory dram { size 64 GiB }']),
  memory: host(['cpu s0 { cores 16 }']),
  iommu: host(['cpu s0 { cores 16 }', 'memory dram { size 64 GiB }']),
  switch: host([...base, 'link sw0 -- s0 : pcie gen4 x16']),
  gpu: host(device('gpu0')),
  nic: host(device('nic0')),
  nvme: host(device('ssd0')),
  camera: host(device('cam0')),
  dma: host(device('dma0')),
  fpga: host(device('fpga0')),
  buffer: host(base),
  map: host([...base, 'nic nic0 { iommu mmu }', 'link nic0 -- s0 : pcie gen4 x16', 'buffer buf { in dram, size 4 MiB, pinned }']),
  mr: host([...base, 'nic nic0 { iommu mmu, rdma }', 'link nic0 -- s0 : pcie gen4 x16', 'buffer buf { in dram, size 4 MiB, pinned }']),
  vm: host([...base, 'iommu vmmu { mode strict }', 'nic nic0 { iommu vmmu, untrusted }', 'link nic0 -- s0 : pcie gen4 x16']),
};

const dir = mkdtempSync(join(tmpdir(), 'dmatopo-snippets-'));
const cli = join(root, 'dist/cli.js');
let failures = 0;
let files = 0;

/** Expansions to check: file, snippet name, variant, text, and whether any diagnostic fails it. */
const cases = [];
function check(name, variant, text, strict) {
  const file = join(dir, `${files++}.dmatopo`);
  writeFileSync(file, text);
  cases.push({ file, name, variant, text, strict });
}

for (const [name, snippet] of Object.entries(snippets)) {
  const context = contexts[name];
  if (context === undefined) {
    failures++;
    console.log(`FAIL ${name}: no context to check it in (add one to ${import.meta.url})`);
    continue;
  }
  const place = (text) => context.replace('$SNIPPET', text.replace(/\n/g, name === 'host' || name === 'template' ? '\n' : '\n  '));
  check(name, 'defaults', place(expand(snippet.body)), true);
  // Every other choice, one placeholder at a time.
  const choices = [...snippet.body.join('\n').matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)];
  for (const [, n, options] of choices) {
    for (const option of options.split(',').slice(1)) {
      const text = expand(snippet.body, (m, opts) => (m === Number(n) ? option : opts[0]));
      check(name, `\${${n}} = ${option}`, place(text), false);
    }
  }
}
// One run of the command line for every file: one JSON object per file and line.
let output;
try {
  output = execFileSync(process.execPath, [cli, 'check', '--json', ...cases.map((c) => c.file)], { encoding: 'utf8' });
} catch (error) {
  output = error.stdout ?? '';
}
const results = new Map(
  output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line))
    .map((result) => [result.file, result.diagnostics]),
);
for (const { file, name, variant, text, strict } of cases) {
  const diagnostics = results.get(file);
  const bad =
    diagnostics === undefined
      ? [{ code: 'NONE', severity: 'error', message: 'no result from dmatopo check', range: { start: { line: 0 } } }]
      : diagnostics.filter((d) => strict || /^(SYN|REF|UNIT|VAL|REQ|TOP)/.test(d.code) || d.severity === 'error');
  if (bad.length > 0) {
    failures++;
    console.log(`FAIL ${name} (${variant})`);
    for (const d of bad) console.log(`  ${d.code} ${d.severity} line ${d.range.start.line + 1}: ${d.message}`);
    console.log(text.replace(/^/gm, '  | '));
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`${Object.keys(snippets).length} snippets, ${files} expansions checked: ${failures === 0 ? 'all valid' : `${failures} failed`}`);
process.exit(failures === 0 ? 0 : 1);
