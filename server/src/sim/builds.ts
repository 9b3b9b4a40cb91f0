// How many of the costly layers this process has built. The product builds
// one fabric, one set of plans and one simulation per document version; a
// test reads these counts to hold it to that.
export const builds = { fabrics: 0, planners: 0, simulations: 0 };

/** Routes the fabrics worked out rather than found in their cache: a test holds it to the pairs of ends asked for. */
export const routeWork = { routes: 0 };
