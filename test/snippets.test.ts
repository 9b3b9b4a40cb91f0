// Every snippet expands to valid .dmatopo text: with its defaults (the
// first choice of every `${N|a,b|}`) it yields no diagnostic at all; with
// any other choice, no language error (a rule may warn about `mode off`).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/model/index';
import { read, ROOT } from './helpers';

interface Snippet {
  readonly prefix: string;
  readonly body: readonly string[];
}

const snippets = JSON.parse(read(join(ROOT, 'snippets', 'dmatopo.json'))) as Record<string, Snippet>;

/** The snippet's text with every placeholder replaced; `choice(n, options)` picks a choice. */
function expand(body: readonly string[], choice: (n: number, options: string[]) => string = (_n, options) => options[0]!): string {
  return body
    .join('\n')
    .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, options: string) => choice(Number(n), options.split(',')))
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
const host = (items: string[]): string => `host h {\n${items.map((line) => `  ${line}\n`).join('')}  $SNIPPET\n}\n`;
const base = ['cpu s0 { cores 16 }', 'memory dram { size 64 GiB }', 'iommu mmu { mode strict }'];
const device = (name: string): string[] => [...base, `link ${name} -- s0 : pcie gen4 x16`];

/** Where each snippet is checked: `$SNIPPET` marks its place. */
const contexts: Record<string, string> = {
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

const LANGUAGE_CODES = /^(SYN|REF|UNIT|VAL|REQ|TOP)/;

describe('snippets', () => {
  it('cover every declaration kind', () => {
    assert.deepEqual(Object.keys(snippets).sort(), Object.keys(contexts).sort());
  });
  for (const [name, snippet] of Object.entries(snippets)) {
    const context = contexts[name]!;
    const place = (text: string) => context.replace('$SNIPPET', text.replace(/\n/g, name === 'host' || name === 'template' ? '\n' : '\n  '));
    it(`${name} expands with its defaults to a file without diagnostics`, () => {
      const text = place(expand(snippet.body));
      assert.deepEqual(analyze(text).diagnostics.map((d) => `${d.code} ${d.message}`), [], text);
    });
    const choices = [...snippet.body.join('\n').matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)];
    if (choices.length === 0) continue;
    it(`${name} expands with every other choice to a file without language errors`, () => {
      for (const [, n, options] of choices) {
        for (const option of options!.split(',').slice(1)) {
          const text = place(expand(snippet.body, (m, opts) => (m === Number(n) ? option : opts[0]!)));
          const bad = analyze(text).diagnostics.filter((d) => LANGUAGE_CODES.test(d.code) || d.severity === 'error');
          assert.deepEqual(bad.map((d) => `${d.code} ${d.message}`), [], text);
        }
      }
    });
  }
});
