/** The module worker's entry: one engine, exposed to the page over comlink. */
import { expose } from 'comlink';
import { createEngine } from './engine.ts';
import { installErrorTransfer } from './error-transfer.ts';

installErrorTransfer();
expose(createEngine());
