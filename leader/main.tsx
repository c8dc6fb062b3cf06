/** The duty leader's page, phone-first, at /leader/. */
import '../common/strictCsp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LeaderModel } from './leaderModel';
import { LeaderApp } from './LeaderApp';
import '../common/base.css';
import './leader.css';

const model = new LeaderModel();
(window as unknown as { relayLeader: LeaderModel }).relayLeader = model;
void model.resume();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LeaderApp model={model} />
  </StrictMode>,
);
