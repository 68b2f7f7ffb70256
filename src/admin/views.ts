// The JSON shapes of CONTRACT.md ("fields may be added, not renamed"), built from domain records.
import { sortIdentifiers, userLabel } from '../domain/identifiers.ts';
import { deriveStatus, licensesOf } from '../domain/status.ts';
import type { AccountSettings, UserRecord } from '../domain/types.ts';

export interface UserLink {
  connector: string;
  externalId: string;
}

export function toUserView(user: UserRecord, settings: AccountSettings, now: Date, links: UserLink[] = []) {
  return {
    id: user.id,
    displayName: user.displayName.value,
    user: userLabel(user),
    status: deriveStatus(user, settings, now),
    tracking: user.tracking,
    timeZone: user.timeZone.value,
    primaryGroup: user.primaryGroup.value,
    groups: [...new Set(user.groups.map((g) => g.group))].sort(),
    identifiers: sortIdentifiers(user.identifiers).map((i) => ({
      id: i.id,
      type: i.type,
      value: i.value,
      ...(i.domain === null ? {} : { domain: i.domain }),
      source: i.source,
      updatedAt: i.updatedAt.toISOString(),
    })),
    agents: user.agents.map((a) => ({
      id: a.id,
      username: a.username,
      logonDomain: a.logonDomain,
      firstLog: a.firstLog?.toISOString() ?? null,
      lastLog: a.lastLog?.toISOString() ?? null,
      hasData: a.hasData,
    })),
    licenses: licensesOf(user),
    links,
    /** Which source set each attribute (`manual` or `connector:<id>`). */
    attributeSources: {
      displayName: user.displayName.source,
      timeZone: user.timeZone.source,
      primaryGroup: user.primaryGroup.source,
    },
  };
}

export type UserView = ReturnType<typeof toUserView>;
