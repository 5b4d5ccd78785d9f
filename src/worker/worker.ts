/** The module worker's entry: one Engine, exposed to the page over comlink. */
import { expose } from 'comlink';
import { Engine } from './engine.ts';
import { installErrorTransfer } from './error-transfer.ts';

installErrorTransfer();
expose(new Engine());
