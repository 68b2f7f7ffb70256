// The admin actions' rules: each takes an ActionContext and returns the changes to apply, or why not.
export type { ConflictingIdentifier } from './agent-checks.ts';
export { conflictingIdentifiers } from './agent-checks.ts';
export type { AssignTarget } from './agents.ts';
export { assignAgent, earliestAgent, mergeAgents } from './agents.ts';
export type { ActionContext } from './context.ts';
export { NEW_USER_REF } from './context.ts';
export { displayNameKey, editDisplayName } from './display-name.ts';
export { addIdentifier, editIdentifier, removeIdentifier } from './identifiers.ts';
export type { MergeUsersInput } from './merge-users.ts';
export { mergeUsers } from './merge-users.ts';
export { setPrimaryGroup } from './primary-group.ts';
export { deleteUser, resetUserData } from './reset-delete.ts';
export { setTimeZone } from './time-zone.ts';
export { trackUser, untrackUser } from './tracking.ts';
export type { AddUserInput } from './users.ts';
export { addUser } from './users.ts';
