// Which identifiers "match" an agent's login. One rule, used both when a new agent is associated
// with a user and when reassigning an agent is refused because its current owner still matches it.
import type { NormalizedIdentifier } from './types.ts';
import { ANY_DOMAIN } from './types.ts';

export interface AgentLogin {
  username: string;
  logonDomain: string;
}

function lower(value: string): string {
  return value.trim().toLowerCase();
}

/** True when the login's username is itself an address (Entra-joined devices report the UPN). */
export function loginIsAddress(login: AgentLogin): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(login.username.trim());
}

/**
 * An address (UPN or email) matches a login whose username is that address, or, for a plain
 * username, whose username is the address's local part (`jsmith` ~ `jsmith@acme.com`).
 */
export function addressMatchesLogin(address: string, login: AgentLogin): boolean {
  const addr = lower(address);
  const username = lower(login.username);
  if (loginIsAddress(login)) return addr === username;
  const at = addr.lastIndexOf('@');
  return at > 0 && addr.slice(0, at) === username;
}

/** A device login matches on username, and on domain unless either side is `*` (Any). */
export function deviceLoginMatchesLogin(
  deviceLogin: { username: string; domain: string },
  login: AgentLogin,
): boolean {
  if (lower(deviceLogin.username) !== lower(login.username)) return false;
  const domain = lower(deviceLogin.domain);
  const logonDomain = lower(login.logonDomain);
  return domain === ANY_DOMAIN || logonDomain === ANY_DOMAIN || domain === logonDomain;
}

/** Employee IDs and display names match a username that equals them (case-insensitively). */
export function plainValueMatchesLogin(value: string, login: AgentLogin): boolean {
  return lower(value) === lower(login.username);
}

export function identifierMatchesLogin(identifier: NormalizedIdentifier, login: AgentLogin): boolean {
  switch (identifier.type) {
    case 'upn':
    case 'email':
      return addressMatchesLogin(identifier.value, login);
    case 'device_login':
      return deviceLoginMatchesLogin({ username: identifier.value, domain: identifier.domain ?? '' }, login);
    case 'employee_id':
      return plainValueMatchesLogin(identifier.value, login);
  }
}
