// Reports that are a mode of their own (-memstats, -trend) rather than a
// pprof flag: report.ts takes the mode's flag out, then parses the rest as
// any report's flags.

/**
 * The command line without the flag -NAME (or --NAME, -NAME=true) when it
 * is among the flags (before the first file); undefined otherwise.
 */
export function withoutModeFlag(argv: string[], name: string): string[] | undefined {
  const flag = new RegExp(`^--?${name}(=true)?$`);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--' || !arg.startsWith('-') || arg === '-') return undefined;
    if (flag.test(arg)) return [...argv.slice(0, i), ...argv.slice(i + 1)];
  }
  return undefined;
}
