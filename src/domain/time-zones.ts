// Time zone validation against the IANA names the runtime (ICU) knows.
let supportedZones: Set<string> | undefined;
/** Names outside `supportedValuesOf` that Intl accepted earlier (valid ones only, so it stays small). */
const acceptedAliases = new Set<string>();

// `Intl.supportedValuesOf('timeZone')` lists canonical zones only: no 'UTC', no 'Etc/*', and ICU's
// canonical spelling of renamed zones ('Asia/Calcutta', not 'Asia/Kolkata'). Intl.DateTimeFormat
// accepts those names and backward links ('US/Eastern') too, but also raw offsets such as '+01:00',
// which are not zones. So: a listed zone, or a zone-shaped name that Intl accepts.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

function listedZones(): Set<string> {
  supportedZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return supportedZones;
}

function intlAccepts(tz: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isValidTimeZone(tz: string): boolean {
  if (listedZones().has(tz) || acceptedAliases.has(tz)) return true;
  if (!ZONE_NAME.test(tz) || !intlAccepts(tz)) return false;
  acceptedAliases.add(tz);
  return true;
}
