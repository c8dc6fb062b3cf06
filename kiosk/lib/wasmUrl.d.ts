/** Vite's `?url` imports: the file is copied into the build and the import is its URL on the app's origin. */
declare module '*?url' {
  const url: string;
  export default url;
}

/** Vite's `?worker&url`: the worker bundled on its own, and the URL of that bundle. */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
