/** A small image with iptables and tc, run in a target container's network namespace. */
export const NETTOOLS_IMAGE = process.env.GAUNTLET_NETTOOLS_IMAGE ?? 'gauntlet-local/nettools:1';
