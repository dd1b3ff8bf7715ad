// The front-end libraries, from the WebJars that the server serves under /webjars/. The build fills
// in the versions from the root pom (admin-ui/pom.xml filters this file), so they live in one place.
export { default as Alpine } from '/webjars/alpinejs/@webjars.alpinejs.version@/dist/module.esm.min.js';
export { marked } from '/webjars/marked/@webjars.marked.version@/lib/marked.esm.js';
export { default as DOMPurify } from '/webjars/dompurify/@webjars.dompurify.version@/dist/purify.es.mjs';

/** highlight.js is a classic script (the page loads it before the modules); null if it failed. */
export function hljs() {
  return window.hljs || null;
}
