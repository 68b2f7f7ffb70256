// The evidence of a conflict, side by side: the incoming source record (its identifiers, the field
// each came from, and whom each matched) and each user it names (every identifier with every source
// that asserts it, the disputed and matched values marked, the linked source records).
import { facts, h, identifierText, sameIdentifier, table, valueText, when } from './dom.js';

/** Every source of an identifier (`sources[]` when the API gives it, else its one `source`). */
export function sourcesText(identifier) {
  const sources =
    Array.isArray(identifier.sources) && identifier.sources.length > 0
      ? identifier.sources.map((source) =>
          typeof source === 'string' ? source : (source.source ?? source.connector ?? JSON.stringify(source)),
        )
      : [identifier.source];
  return `from ${sources.filter(Boolean).join(', ')}`;
}

/** For ambiguous_match: userId -> the identifiers of the record that matched that user. */
export function matchesByUser(conflict) {
  const matches = Array.isArray(conflict.details?.matches) ? conflict.details.matches : [];
  return new Map(matches.map((match) => [match.userId, match.identifiers ?? []]));
}

/** Why each user is in the conflict, in words, from the conflict's details and records. */
export function rolesByUser(conflict) {
  const roles = new Map();
  const add = (userId, text) => {
    if (typeof userId !== 'number') return;
    roles.set(userId, [...(roles.get(userId) ?? []), text]);
  };
  const details = conflict.details ?? {};
  for (const owner of Array.isArray(details.owners) ? details.owners : []) {
    add(owner.userId, owner.source ? `holds the value (${owner.source})` : 'holds the value');
  }
  if (conflict.kind === 'display_name_in_use') add(details.ownerUserId, 'has the display name');
  add(details.targetUserId, "the record's user: did not get it");
  for (const [userId, identifiers] of matchesByUser(conflict)) {
    add(userId, `matched on ${identifiers.map(identifierText).join(', ') || 'its identifiers'}`);
  }
  for (const record of conflict.records ?? []) {
    if (record.userId === null) continue;
    add(
      record.userId,
      `linked to ${[record.connector, 'record', record.externalId].filter(Boolean).join(' ')}`,
    );
  }
  for (const user of conflict.users ?? [])
    if (!roles.has(user.id)) roles.set(user.id, ['named by the conflict']);
  return roles;
}

function matchedBy(conflict, identifier, names) {
  const who = [];
  for (const [userId, identifiers] of matchesByUser(conflict)) {
    if (identifiers.some((matched) => sameIdentifier(matched, identifier))) {
      who.push(names.get(userId) ?? `user ${userId}`);
    }
  }
  if (sameIdentifier(conflict.identifier, identifier)) {
    const owners = (Array.isArray(conflict.details?.owners) ? conflict.details.owners : []).map(
      (owner) => names.get(owner.userId) ?? `user ${owner.userId}`,
    );
    who.push(owners.length > 0 ? `disputed: held by ${owners.join(', ')}` : 'disputed');
  }
  return who.join(', ') || '—';
}

/** The incoming source record: `details.record` when the engine gives it, else the records named. */
export function recordEvidence(conflict, names) {
  const record = conflict.details?.record;
  if (record && typeof record === 'object') {
    const identifiers = Array.isArray(record.identifiers) ? record.identifiers : [];
    return h(
      'article',
      { class: 'record-card', 'aria-label': `Incoming record ${record.externalId ?? ''}` },
      h('h4', { text: `Incoming record: ${record.connector ?? ''} ${record.externalId ?? ''}`.trim() }),
      facts([
        ['Display name', record.displayName ?? '—'],
        ['State', record.state ?? '—'],
      ]),
      identifiers.length === 0
        ? h('p', { class: 'muted', text: 'No identifiers.' })
        : table(
            ['Field', 'Type', 'Value', 'Matched'],
            identifiers.map((identifier) => [
              identifier.field ?? '—',
              identifier.type,
              valueText(identifier),
              matchedBy(conflict, identifier, names),
            ]),
            { class: 'data compact' },
          ),
    );
  }
  const records = conflict.records ?? [];
  return h(
    'article',
    { class: 'record-card', 'aria-label': 'Source records' },
    h('h4', { text: records.length === 1 ? 'Source record' : 'Source records' }),
    records.length === 0
      ? h('p', { class: 'muted', text: 'The source gave no record id.' })
      : h(
          'ul',
          {},
          records.map((item) =>
            h(
              'li',
              {},
              `${item.connector ?? (conflict.connectors ?? []).join('/')} ${item.externalId}: `,
              item.userId === null
                ? h('span', { class: 'muted', text: 'not linked to a user' })
                : `linked to ${names.get(item.userId) ?? `user ${item.userId}`}`,
            ),
          ),
        ),
  );
}

/** What else the kind says: the Do Not Track hits, the invalid field, the held-back agent. */
export function kindEvidence(conflict) {
  const details = conflict.details ?? {};
  if (conflict.kind === 'do_not_track' && Array.isArray(details.identifiers)) {
    return h(
      'p',
      {},
      'On the Do Not Track list: ',
      details.identifiers.map(identifierText).join(', '),
      '. No user is created for it while they are there.',
    );
  }
  if (conflict.kind === 'invalid_record') {
    return facts([
      ['Field', details.field ?? '—'],
      ['Value', details.value ?? '—'],
      ['Reason', details.reason ?? conflict.message],
    ]);
  }
  if (details.agent?.username) {
    return facts([
      ['Agent', `${details.agent.logonDomain}\\${details.agent.username}`],
      ['First log', when(details.firstLog)],
      ['Last log', when(details.lastLog)],
    ]);
  }
  if (conflict.kind === 'display_name_in_use' && typeof details.displayName === 'string') {
    return facts([['Display name', details.displayName]]);
  }
  return null;
}

/** One user's card: identifiers with every source, the disputed and matched ones marked. */
export function userCard(conflict, named, user, roles, actions) {
  const title = user ? `${user.user ?? named.name} (user ${user.id})` : `User ${named.id}`;
  const matched = matchesByUser(conflict).get(named.id) ?? [];
  const identifiers = (user?.identifiers ?? []).map((identifier) => {
    const disputed = sameIdentifier(identifier, conflict.identifier);
    const isMatch = matched.some((m) => sameIdentifier(m, identifier));
    return h(
      'li',
      { class: disputed ? 'disputed' : isMatch ? 'matched' : undefined },
      h('span', { class: 'id-type', text: identifier.type }),
      ` ${valueText(identifier)} `,
      h('span', { class: 'source', text: sourcesText(identifier) }),
      disputed ? h('strong', { text: ' (disputed)' }) : null,
      isMatch ? h('strong', { text: ' (matched)' }) : null,
    );
  });
  const links = (user?.links ?? []).map((link) => h('li', { text: `${link.connector}: ${link.externalId}` }));
  return h(
    'article',
    { class: 'user-card', 'aria-label': `User ${named.id}: ${named.name ?? 'deleted'}` },
    h('h4', { text: title }),
    user
      ? h('p', { class: 'muted', text: `${user.status} · ${user.tracking}` })
      : h('p', { text: 'No longer exists.' }),
    h(
      'ul',
      { class: 'roles' },
      (roles ?? []).map((role) => h('li', { text: role })),
    ),
    user ? h('h5', { text: 'Identifiers' }) : null,
    user
      ? identifiers.length
        ? h('ul', { class: 'identifiers' }, identifiers)
        : h('p', { class: 'muted', text: 'None.' })
      : null,
    user ? h('h5', { text: 'Linked source records' }) : null,
    user ? (links.length ? h('ul', {}, links) : h('p', { class: 'muted', text: 'None.' })) : null,
    actions,
  );
}
