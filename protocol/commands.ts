// The ids of the commands the client registers and the server's code lenses
// and code actions name, declared once for both sides.

/** The commands of the category "DMA Topology". */
export const Commands = {
  /** Simulate the file (or one group of it): arguments `[uri: string, group?: string]`. */
  runSimulation: 'dmatopo.runSimulation',
  /** Open the report panel of a file, at one flow when a flow's code lens asks: arguments `[uri: string, flow?: string]`. */
  showReport: 'dmatopo.showReport',
  /** Open a bundled sample as an untitled copy (the walkthrough's first step): arguments `[name?: string]`, its path under samples/ without `.dmatopo`; a quick pick without. */
  openSample: 'dmatopo.openSample',
} as const;
