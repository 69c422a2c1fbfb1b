import type { EndReason } from '../session/types.js';

/** How a session ended, in a few words: for the history list, its chart and the CSV export. */
export const END_REASON_LABEL: Readonly<Record<EndReason, string>> = {
  completed: 'Completed',
  user: 'Stopped by you',
  symptom: 'Symptom stop',
  disconnected: 'Disconnected',
  'device-stopped': 'Massager stopped itself',
  fault: 'Safety fault',
  'write-failed': 'Command failed',
  'paused-too-long': 'Paused too long',
  'checkin-unanswered': 'Check-in unanswered',
  interrupted: 'Interrupted (page closed)',
};
