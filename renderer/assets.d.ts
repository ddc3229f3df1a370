// Stylesheets imported for their side effect; esbuild bundles them into renderer.css.
declare module '*.css';
