// Identifiers indexed by the ways a login can match them, so matching a batch of thousands of
// logins against thousands of identifiers stays one Map hit per login. The index only narrows:
// whether an identifier matches is decided by agent-matching.ts, the one matching rule.
import { type AgentLogin, identifierMatchesLogin, loginIsAddress } from '../agent-matching.ts';
import type { NormalizedIdentifier } from '../types.ts';

export interface LoginMatch<T> {
  identifier: NormalizedIdentifier;
  owner: T;
}

function lower(value: string): string {
  return value.trim().toLowerCase();
}

function localPart(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(0, at) : null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(value);
  else map.set(key, [value]);
}

export class LoginIndex<T> {
  /** Addresses by the whole lower-cased address: what an email-form username matches. */
  readonly #byAddress = new Map<string, LoginMatch<T>[]>();
  /** Addresses by lower-cased local part: what a plain username matches. */
  readonly #byLocalPart = new Map<string, LoginMatch<T>[]>();
  /** Device logins and employee IDs by lower-cased username / value. */
  readonly #byUsername = new Map<string, LoginMatch<T>[]>();

  add(identifier: NormalizedIdentifier, owner: T): void {
    const entry = { identifier, owner };
    if (identifier.namespace !== 'address') {
      push(this.#byUsername, lower(identifier.value), entry);
      return;
    }
    const address = lower(identifier.value);
    push(this.#byAddress, address, entry);
    const local = localPart(address);
    if (local !== null) push(this.#byLocalPart, local, entry);
  }

  matches(login: AgentLogin): LoginMatch<T>[] {
    const username = lower(login.username);
    const addresses = loginIsAddress(login) ? this.#byAddress.get(username) : this.#byLocalPart.get(username);
    const found = [...(addresses ?? []), ...(this.#byUsername.get(username) ?? [])];
    return found.filter((entry) => identifierMatchesLogin(entry.identifier, login));
  }
}
