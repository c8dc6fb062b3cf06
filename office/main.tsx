/** The office page at /office/ (admin password). */
import '../common/strictCsp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OfficeApp } from './OfficeApp';
import '../common/base.css';
import './office.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OfficeApp />
  </StrictMode>,
);
