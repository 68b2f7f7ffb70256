// The user JSON of CONTRACT.md and the bodies of the user actions.
import { z } from '@hono/zod-openapi';

export const IdentifierTypeSchema = z.enum(['upn', 'email', 'employee_id', 'device_login']);

export const IdentifierInputSchema = z
  .strictObject({
    type: IdentifierTypeSchema,
    value: z.string().min(1).max(512),
    domain: z
      .string()
      .max(255)
      .nullable()
      .optional()
      .openapi({ description: 'Device logins only: the logon domain, or * for any domain.' }),
  })
  .openapi('IdentifierInput');

export const UserSchema = z
  .object({
    id: z.number().int(),
    displayName: z.string().nullable(),
    user: z.string().openapi({ description: 'The display name, else the representative identifier.' }),
    status: z.enum(['active', 'inactive', 'unlicensed']),
    tracking: z.enum(['tracked', 'untracked']),
    timeZone: z.string().nullable(),
    primaryGroup: z.string().nullable(),
    groups: z.array(z.string()),
    identifiers: z.array(
      z.object({
        id: z.number().int(),
        type: IdentifierTypeSchema,
        value: z.string(),
        domain: z.string().optional(),
        source: z.string(),
        updatedAt: z.string(),
      }),
    ),
    agents: z.array(
      z.object({
        id: z.number().int(),
        username: z.string(),
        logonDomain: z.string(),
        firstLog: z.string().nullable(),
        lastLog: z.string().nullable(),
        hasData: z.boolean(),
      }),
    ),
    licenses: z.number().int(),
    links: z.array(z.object({ connector: z.string(), externalId: z.string() })),
    attributeSources: z.object({
      displayName: z.string().nullable(),
      timeZone: z.string().nullable(),
      primaryGroup: z.string().nullable(),
    }),
  })
  .openapi('User');

export const UserFilterQuery = z.object({
  status: z.string().optional().openapi({ description: 'all | active | inactive | unlicensed' }),
  tracking: z.string().optional().openapi({ description: 'all | tracked | untracked' }),
  group: z.string().optional().openapi({ description: 'all | any | none | a group name' }),
  displayName: z.string().optional().openapi({ description: 'all | with | without' }),
});

export const UserListQuery = UserFilterQuery.extend({
  q: z.string().max(200).optional().openapi({
    description:
      'Search (case-insensitive, part of): the display name or any identifier value; or a user id.',
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .openapi({ description: 'Page size. Absent: every match on one page (as before paging existed).' }),
  cursor: z.string().max(2048).optional().openapi({ description: 'The nextCursor of the previous page.' }),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'Skip this many matches (cursor is steadier while users change).' }),
});

export const NewUserSchema = z
  .strictObject({
    displayName: z.string().max(256).nullable().optional(),
    timeZone: z.string().max(64).nullable().optional(),
    identifiers: z.array(IdentifierInputSchema).max(1000).optional(),
    agentIds: z.array(z.number().int().positive()).max(1000).optional(),
    tracking: z.enum(['tracked', 'untracked']).optional(),
  })
  .openapi('NewUser');

export const UserPatchSchema = z
  .strictObject({
    displayName: z.string().max(256).nullable().optional(),
    timeZone: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: 'IANA zone; null: account default' }),
    primaryGroup: z.string().max(256).nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'give at least one of displayName, timeZone, primaryGroup',
  })
  .openapi('UserPatch');

export const ConfirmBody = z.strictObject({ confirm: z.boolean() });

export const MergeUsersSchema = z
  .strictObject({
    primaryUserId: z.number().int().positive(),
    userIds: z.array(z.number().int().positive()).min(1).max(10),
    mergeAgents: z.boolean().optional(),
    confirm: z.boolean().optional(),
  })
  .openapi('MergeUsers');

export const AssignAgentSchema = z
  .union([
    z.strictObject({ userId: z.number().int().positive() }),
    z.strictObject({ newUser: NewUserSchema }),
  ])
  .openapi('AssignAgent');

export const MergeAgentsSchema = z
  .strictObject({
    agentIds: z.array(z.number().int().positive()).min(1).max(1000),
    confirm: z.boolean().optional(),
  })
  .openapi('MergeAgents');

export const DeletedSchema = z.object({ deleted: z.number().int() });
