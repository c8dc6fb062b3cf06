/** Vite's `?url` imports: the file is copied into the build and the import is its URL on the app's origin. */
declare module '*?url' {
  const url: string;
  export default url;
}
