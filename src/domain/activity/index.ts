// Agents' activity reports: association of new agents, Do Not Track, email auto-detection.
export { disableEmailAutoDetection } from './auto-detection.ts';
export type {
  ActivityContext,
  ActivityCounts,
  ActivityPlan,
  ActivityReport,
  CandidateUser,
} from './context.ts';
export { agentLoginKey } from './context.ts';
export { buildDoNotTrackCheck, type DoNotTrackCheck, type DoNotTrackHit } from './dnt.ts';
export { FUTURE_TOLERANCE_MS, planActivity } from './record-activity.ts';
