// "Blame your code": charge each sample to the deepest frame that is the
// user's own code, instead of the allocator deep in a library.
//
// In a heap diff the flat column names where memory was *allocated* — for a
// leaked gzip.Writer that is compress/flate.NewWriter, which is correct and
// useless: the bug is in the caller that keeps the writer. With this view a
// sample's stack is cut below its deepest user frame, so that frame gets the
// flat value and the library frames beneath it disappear from the sample
// (cum of the user's callers is unchanged). A sample with no user frame at
// all (runtime.malg under runtime.newproc1) keeps its stack.
//
// Not user code:
// * the Go runtime and standard library: a package path whose first element
//   has no dot ("runtime", "compress/flate", "net/http", "vendor/golang.org/…"),
//   and names without a package (assembly such as "aeshashbody");
// * a short list of well-known modules (WELL_KNOWN_LIBRARIES), matched as
//   path prefixes.
// User code: package main, and every other module path
// ("github.com/acme/api/store.(*DB).Get").
//
// This is not a pprof view: the report header says when it is on.

export const WELL_KNOWN_LIBRARIES: readonly string[] = [
  'golang.org/x/',
  'google.golang.org/grpc',
  'google.golang.org/protobuf',
  'google.golang.org/genproto',
  'github.com/golang/protobuf',
  'github.com/gogo/protobuf',
  'github.com/prometheus/client_golang',
  'github.com/prometheus/common',
  'github.com/prometheus/procfs',
  'go.opentelemetry.io/',
  'github.com/grpc-ecosystem/',
  'go.uber.org/zap',
  'github.com/sirupsen/logrus',
  'github.com/json-iterator/go',
  'gopkg.in/',
  'k8s.io/',
  'sigs.k8s.io/',
];

export const ATTRIBUTION_HEADER =
  'Attribution: each sample charged to its deepest frame in your code (runtime, standard library and well-known modules folded into it)';

/**
 * The package path of a Go function name: everything up to the first "."
 * after the last "/" ("compress/flate.NewWriter" → "compress/flate",
 * "main.(*T).M" → "main"); "" when there is no ".".
 */
export function goPackagePath(name: string): string {
  const bracket = name.indexOf('['); // type arguments may hold other paths
  if (bracket >= 0) name = name.slice(0, bracket);
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot < 0 ? '' : name.slice(0, dot);
}

export function isUserFunction(name: string, libraries: readonly string[] = WELL_KNOWN_LIBRARIES): boolean {
  const pkg = goPackagePath(name);
  if (pkg === '') return false;
  if (pkg === 'main') return true;
  const firstElement = pkg.split('/', 1)[0];
  if (!firstElement.includes('.')) return false; // standard library (and runtime)
  for (const lib of libraries) if (`${pkg}/`.startsWith(lib.endsWith('/') ? lib : `${lib}/`)) return false;
  return true;
}
