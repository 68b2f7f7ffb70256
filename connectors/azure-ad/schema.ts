// The azure-ad kind's own config keys (id, kind, schedule, precedence, on_disable and max_retries
// are validated centrally) and the zod schemas of the Graph payloads it reads. Every key is
// documented here and in README.md, with its default.
import { z } from 'zod';

export const AUTH_METHODS = ['client_secret', 'client_certificate', 'managed_identity'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export const PUBLIC_GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');

// The identity library refuses plain http, and the Graph client sends its token only to https.
const httpsOrigin = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'expected an https:// URL')
  // The Graph client takes the first path segment for the API version: no base path is possible.
  .refine(
    (value) => !URL.canParse(value) || ['', '/'].includes(new URL(value).pathname),
    'expected scheme, host and port only (no path)',
  )
  .transform((value) => new URL(value).origin);

export const azureAdConfigSchema = z
  .object({
    /** Directory (tenant) id. */
    tenant_id: z.union([
      guid,
      z
        .string()
        .trim()
        .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'expected a GUID'),
    ]),
    /** The app registration's application (client) id; with managed_identity, a user-assigned identity's client id (optional). */
    client_id: guid.optional(),
    /** client_secret (default), client_certificate or managed_identity (DefaultAzureCredential). */
    auth: z.enum(AUTH_METHODS).default('client_secret'),
    client_secret: z.string().min(1).optional(),
    /** PEM file holding the certificate and its private key (auth: client_certificate). */
    certificate_path: z.string().trim().min(1).optional(),
    /** Overridable for national clouds, a proxy or the simulator. https only. */
    graph_base_url: httpsOrigin.default(PUBLIC_GRAPH_BASE_URL),
    authority_host: httpsOrigin.default(PUBLIC_AUTHORITY_HOST),
    /** Guests (userType Guest, #EXT# UPNs) are left out unless true. */
    include_guests: z.boolean().default(false),
    /** Optional OData $filter passed to Graph on full reads. */
    filter: z.string().trim().min(1).optional(),
    /** Read each user's mailbox time zone (MailboxSettings.Read), one request per user. */
    read_mailbox_settings: z.boolean().default(false),
    /** onPremisesDomainName (DNS) -> NetBIOS logon domain; default: the first label upper-cased. */
    netbios_domains: z.record(z.string().trim().min(1), z.string().trim().min(1)).default({}),
    /** Requests in flight at once. */
    concurrency: z.number().int().min(1).max(16).default(4),
  })
  .superRefine((config, ctx) => {
    if (config.auth !== 'managed_identity' && config.client_id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['client_id'], message: `required with auth: ${config.auth}` });
    }
    if (config.auth === 'client_secret' && config.client_secret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['client_secret'], message: 'required with auth: client_secret' });
    }
    if (config.auth === 'client_certificate' && config.certificate_path === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['certificate_path'],
        message: 'required with auth: client_certificate',
      });
    }
  });

export type AzureAdConfig = z.output<typeof azureAdConfigSchema>;

/** Exactly the user properties the mapping reads: the `$select` of every users request. */
export const SELECTED_USER_FIELDS = [
  'id',
  'userPrincipalName',
  'mail',
  'otherMails',
  'proxyAddresses',
  'employeeId',
  'displayName',
  'onPremisesSamAccountName',
  'onPremisesDomainName',
  'department',
  'accountEnabled',
  'userType',
] as const;

const optionalString = z.string().nullish();
const optionalStrings = z.array(z.string()).nullish();

/**
 * One Graph user as the list and delta endpoints return it. Permissive (only the fields read;
 * every one may be missing, as in a delta update that carries only changed properties), strict
 * on the types of what is there.
 */
export const graphUserSchema = z.object({
  id: z.string().min(1, 'id is empty'),
  userPrincipalName: optionalString,
  mail: optionalString,
  otherMails: optionalStrings,
  proxyAddresses: optionalStrings,
  employeeId: optionalString,
  displayName: optionalString,
  onPremisesSamAccountName: optionalString,
  onPremisesDomainName: optionalString,
  department: optionalString,
  accountEnabled: z.boolean().nullish(),
  userType: optionalString,
  '@removed': z.object({ reason: z.string() }).optional(),
});
export type GraphUser = z.output<typeof graphUserSchema>;

/** A page of a collection; its elements are checked one by one so one bad user spoils nothing. */
export const graphPageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
export type GraphPage = z.output<typeof graphPageSchema>;

export const mailboxSettingsSchema = z.object({ timeZone: z.string().nullish() });
