// The ids of the commands the client registers and the server's code lenses
// and code actions name, declared once for both sides.

/** The commands of the category "DMA Topology". */
export const Commands = {
  /** Simulate the file (or one group of it): arguments `[uri: string, group?: string]`. */
  runSimulation: 'dmatopo.runSimulation',
  /** Open the report panel of a file, at one flow when a flow's code lens asks: arguments `[uri: string, flow?: string]`. */
  showReport: 'dmatopo.showReport',
  /** Save the report of a file as JSON (`simulate --json`) or Markdown: arguments `[uri?: string | Uri]`. */
  exportReport: 'dmatopo.exportReport',
  /** Check every .dmatopo file of the workspace into the Problems view. */
  checkWorkspace: 'dmatopo.checkWorkspace',
  /** What each device of a file can read and write (`dmatopo reach`): arguments `[uri?: string | Uri]`. */
  showReachability: 'dmatopo.showReachability',
  restartServer: 'dmatopo.restartServer',
  showOutput: 'dmatopo.showOutput',
  /** Open a bundled sample as an untitled copy (the walkthrough's first step): arguments `[name?: string]`, its path under samples/ without `.dmatopo`; a quick pick without. */
  openSample: 'dmatopo.openSample',
} as const;
