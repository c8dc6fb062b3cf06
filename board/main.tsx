/** The gate board's page (BD1), at /board/: a TV or spare tablet at the gate, paired with a board-only code. */
import '../common/strictCsp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BoardApp } from './BoardApp';
import '../common/base.css';
import './board.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BoardApp />
  </StrictMode>,
);
