import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Renderer entry. The stylesheet is linked from index.html (no CSS-in-JS: the CSP allows
// only our own style files, never inline styles).
const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing its #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
