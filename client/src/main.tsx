import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/canvas.css';
import './styles/panels.css';
import './styles/steps.css';
import './styles/preview-history.css';
import { App } from './App';

const container = document.getElementById('root');
if (!container) throw new Error('index.html needs an element with id "root" for the studio to mount in.');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
