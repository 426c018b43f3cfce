import type { InputChange, PreviewCheck } from '../../core/dry-run-promise.js';
import { percent } from './view.js';

const count = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

const changeWords = (change: InputChange): string => {
  switch (change.kind) {
    case 'retrained':
      return 'your model was retrained since the preview';
    case 'liked':
      return `${count(change.count, 'song was', 'songs were')} liked since`;
    case 'unliked':
      return `${count(change.count, 'song was', 'songs were')} unliked since`;
    case 'arrived':
      return `${count(change.count, 'song', 'songs')} came into the motherlist since`;
    case 'left':
      return `${count(change.count, 'song', 'songs')} left the motherlist since`;
    case 'answers':
      return `${count(change.count, 'answer was', 'answers were')} given or changed since`;
    case 'sublists':
      return 'the layer’s sublists changed since';
    case 'enriched':
      return change.count > 0
        ? `audio features or tags arrived for ${count(change.count, 'more song', 'more songs')} since`
        : `${count(-change.count, 'song', 'songs')} lost their audio features or tags since`;
    case 'precision-target':
      return `the precision target went from ${percent(change.from)} to ${percent(change.to)}`;
    case 'everything':
      return change.now
        ? 'this sort places every song, the preview only the sure ones'
        : 'the preview placed every song, this sort only the sure ones';
  }
};

/** Whether a `/sort` (or another dry run) kept the plan the last dry run showed, and if not, why. */
export const previewLine = (preview: PreviewCheck, dryRun: boolean): string =>
  preview.kept
    ? 'The plan your last dry run showed: nothing changed since.'
    : `Not the plan your last dry run showed: ${preview.changes.map(changeWords).join('; ')}. ${dryRun ? 'Planned' : 'Sorted'} anew.`;
