import type { MigrationInterface } from 'typeorm';
import { Initial1795715461004 } from './1795715461004-Initial.js';
import { HandEdits1795715878887 } from './1795715878887-HandEdits.js';
import { SpotifyLikedTotal1795716191869 } from './1795716191869-SpotifyLikedTotal.js';
import { LayerTracks1795726903648 } from './1795726903648-LayerTracks.js';
import { RelinkNotice1795727675543 } from './1795727675543-RelinkNotice.js';
import { SortRunDms1795732156061 } from './1795732156061-SortRunDms.js';
import { SpotifyBudget1796502663845 } from './1796502663845-SpotifyBudget.js';
import { PublicResults1796513784795 } from './1796513784795-PublicResults.js';
import { WaitingTracks1796517248661 } from './1796517248661-WaitingTracks.js';
import { LibraryRead1796517539225 } from './1796517539225-LibraryRead.js';
import { LearnedQuota1796524580221 } from './1796524580221-LearnedQuota.js';
import { ModelFeatures1796536416161 } from './1796536416161-ModelFeatures.js';
import { LabelDraws1796549741502 } from './1796549741502-LabelDraws.js';
import { WaitingStaged1796559381029 } from './1796559381029-WaitingStaged.js';
import { SortRunDmBackoff1796574141862 } from './1796574141862-SortRunDmBackoff.js';
import { SortRunApplyFailures1796582400000 } from './1796582400000-SortRunApplyFailures.js';
import { SpotifyAccountOneHolder1796594827197 } from './1796594827197-SpotifyAccountOneHolder.js';
import { SortRunDmDropped1796601600000 } from './1796601600000-SortRunDmDropped.js';
import { SortStepUnrecorded1796659200000 } from './1796659200000-SortStepUnrecorded.js';
import { UserPlaylistUnsortableItems1796666400000 } from './1796666400000-UserPlaylistUnsortableItems.js';
import { LinkRemovedNotice1796684400000 } from './1796684400000-LinkRemovedNotice.js';
import { SortRunAppliesCutShort1796691521000 } from './1796691521000-SortRunAppliesCutShort.js';
import { WaitingLeftMotherlist1796695200000 } from './1796695200000-WaitingLeftMotherlist.js';
import { WaitingGuessTrimmed1796698800000 } from './1796698800000-WaitingGuessTrimmed.js';
import { LayerCycleTold1796706000000 } from './1796706000000-LayerCycleTold.js';
import { SortRunPutBack1796713200000 } from './1796713200000-SortRunPutBack.js';
import { PublicResultsPerServer1796716800000 } from './1796716800000-PublicResultsPerServer.js';

/** Every migration, oldest first; listed by hand so that tsx, vitest and the build agree. */
export const migrations: (new () => MigrationInterface)[] = [
  Initial1795715461004,
  HandEdits1795715878887,
  SpotifyLikedTotal1795716191869,
  LayerTracks1795726903648,
  RelinkNotice1795727675543,
  SortRunDms1795732156061,
  SpotifyBudget1796502663845,
  PublicResults1796513784795,
  WaitingTracks1796517248661,
  LibraryRead1796517539225,
  LearnedQuota1796524580221,
  ModelFeatures1796536416161,
  LabelDraws1796549741502,
  WaitingStaged1796559381029,
  SortRunDmBackoff1796574141862,
  SortRunApplyFailures1796582400000,
  SpotifyAccountOneHolder1796594827197,
  SortRunDmDropped1796601600000,
  SortStepUnrecorded1796659200000,
  UserPlaylistUnsortableItems1796666400000,
  LinkRemovedNotice1796684400000,
  SortRunAppliesCutShort1796691521000,
  WaitingLeftMotherlist1796695200000,
  WaitingGuessTrimmed1796698800000,
  LayerCycleTold1796706000000,
  SortRunPutBack1796713200000,
  PublicResultsPerServer1796716800000,
];
