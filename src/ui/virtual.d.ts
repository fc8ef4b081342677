// Modules made by plugins at build time.

/** The example pair as base64 (vite.config.single.ts: inlineExamples). */
declare module 'virtual:heapdiff-examples' {
  const files: { name: string; base64: string }[];
  export default files;
}
