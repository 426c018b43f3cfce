import type { ComponentHandler } from '../component-handler.js';
import { labelButtonHandler, labelMenuHandler } from './label.component.js';
import { layerDeleteConfirmHandler } from './layer-delete.component.js';
import { placementCorrectHandler } from './placement-correct.component.js';
import { placeWaitingHandler } from './place-waiting.component.js';
import { relinkHandler } from './relink.component.js';
import { sortEverythingHandler } from './sort-everything.component.js';
import { sortUndoHandler } from './sort-undo.component.js';
import { tryDmHandler } from './try-dm.component.js';
import { unlinkConfirmHandler } from './unlink.component.js';

export const componentHandlers: readonly ComponentHandler[] = [
  labelButtonHandler,
  labelMenuHandler,
  unlinkConfirmHandler,
  layerDeleteConfirmHandler,
  sortUndoHandler,
  sortEverythingHandler,
  placementCorrectHandler,
  placeWaitingHandler,
  relinkHandler,
  tryDmHandler,
];
