// Stylesheets are imported for their side effect; Vite bundles them into one CSS file that
// the page loads with <link> (style-src 'self'), never as inline <style>.
declare module '*.css';
