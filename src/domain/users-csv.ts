// Users.csv, DOMAIN.md "Lists and export": one row per agent, grouped by user, read-only, safe to
// open in a spreadsheet.
import { stringify } from 'csv-stringify/sync';
import { sortIdentifiers, userLabel } from './identifiers.ts';
import { deriveStatus, licensesOf } from './status.ts';
import type { AccountSettings, Agent, IdentifierType, UserRecord, UserStatus } from './types.ts';

export const USERS_CSV_COLUMNS = [
  'ID',
  'User',
  'Display Name',
  'User Principal Name',
  'Email',
  'Employee ID',
  'Tracking',
  'Groups',
  'Licenses',
  'Primary Group',
  'Agent Username',
  'Agent Logon Domain',
  'First Log',
  'Last Log',
  'Status',
  'User Time Zone',
] as const;

/** Several values of one identifier type share a cell, separated by this. */
export const MULTI_VALUE_SEPARATOR = '; ';

const STATUS_LABELS: Record<UserStatus, string> = {
  active: 'Active',
  inactive: 'Inactive',
  unlicensed: 'Unlicensed',
};

function identifierCell(user: UserRecord, type: IdentifierType): string {
  return sortIdentifiers(user.identifiers.filter((identifier) => identifier.type === type))
    .map((identifier) => identifier.value)
    .join(MULTI_VALUE_SEPARATOR);
}

// A user in one group through two sources (say manual and a connector) is in one group.
function groupCount(user: UserRecord): number {
  return new Set(user.groups.map((membership) => membership.group.toLowerCase())).size;
}

/** Agents in the order they first reported (never-reported ones last), then by id. */
function agentsInExportOrder(agents: Agent[]): Agent[] {
  const firstLogMs = (agent: Agent) => agent.firstLog?.getTime() ?? Number.POSITIVE_INFINITY;
  return [...agents].sort((a, b) => {
    const byFirstLog = firstLogMs(a) - firstLogMs(b);
    return Number.isNaN(byFirstLog) || byFirstLog === 0 ? a.id - b.id : byFirstLog;
  });
}

function isoOrEmpty(date: Date | null): string {
  return date === null ? '' : date.toISOString();
}

/** The rows under USERS_CSV_COLUMNS, in the given user order (already filtered or not). */
export function usersCsvRows(users: UserRecord[], settings: AccountSettings, now: Date): string[][] {
  const rows: string[][] = [];
  for (const user of users) {
    const userCells = [
      String(user.id),
      userLabel(user),
      user.displayName.value ?? '',
      identifierCell(user, 'upn'),
      identifierCell(user, 'email'),
      identifierCell(user, 'employee_id'),
      user.tracking === 'tracked' ? 'Tracked' : 'Untracked',
      String(groupCount(user)),
      String(licensesOf(user)),
      user.primaryGroup.value ?? '',
    ];
    const userTail = [STATUS_LABELS[deriveStatus(user, settings, now)], user.timeZone.value ?? ''];
    const agents = agentsInExportOrder(user.agents);
    if (agents.length === 0) {
      rows.push([...userCells, '', '', '', '', ...userTail]);
      continue;
    }
    for (const agent of agents) {
      rows.push([
        ...userCells,
        agent.username,
        agent.logonDomain,
        isoOrEmpty(agent.firstLog),
        isoOrEmpty(agent.lastLog),
        ...userTail,
      ]);
    }
  }
  return rows;
}

// OWASP "CSV Injection": a spreadsheet evaluates a cell that starts with = + - @ (tab and carriage
// return can precede them). A leading single quote makes it text. Leading spaces or line breaks
// before a trigger are treated alike, since some spreadsheets skip them before evaluating.
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

export function spreadsheetSafeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface UsersCsvOptions {
  /**
   * Prepend a UTF-8 byte order mark. Default false: the file is UTF-8 without BOM, which scripts,
   * other systems and Google Sheets / LibreOffice read as is, and a BOM would end up inside the
   * first header ("\uFEFFID") for naive parsers. Excel needs the BOM to guess UTF-8 when a file is
   * double-clicked; callers that serve Excel users directly can ask for it.
   */
  bom?: boolean;
}

/** The header and the rows as CSV text: every cell spreadsheet-safe, CRLF line ends (RFC 4180). */
export function toUsersCsv(rows: string[][], options: UsersCsvOptions = {}): string {
  const records = [[...USERS_CSV_COLUMNS], ...rows].map((row) => row.map(spreadsheetSafeCell));
  return stringify(records, {
    record_delimiter: 'windows',
    // With an explicit record delimiter csv-stringify stops quoting fields holding a lone \n or
    // \r; a display name with a line break must not split its row.
    quote_record_delimiter: true,
    bom: options.bom ?? false,
  });
}

export function usersCsv(
  users: UserRecord[],
  settings: AccountSettings,
  now: Date,
  options: UsersCsvOptions = {},
): string {
  return toUsersCsv(usersCsvRows(users, settings, now), options);
}
