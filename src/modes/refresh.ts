/** Refresh rules several modes share. */
import type { HistoryChange } from '../types/history.ts';

/** Dismissals hide items in every mode, and `forget` brings them back: a list refetches on either. */
export const dismissOrForget = (change: HistoryChange): boolean => change.type === 'dismiss' || change.type === 'forget';
