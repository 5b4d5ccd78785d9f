/** CSS imports, as Vite (the build, Vitest) resolves them: `?inline` is the CSS text. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
declare module '*.css';
