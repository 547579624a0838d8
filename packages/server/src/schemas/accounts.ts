import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../services/auth/permissions.ts';
import { Email, IsoDateTime, LanguageSchema, Ref } from './common.ts';

const Password = z.string().min(1).max(200);

export const SignInBody = z.object({ email: z.string().trim().min(3).max(254), password: Password }).strict();

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    memberId: z.number().int().nullable().describe('For a distributor or customer account: their member'),
    language: LanguageSchema,
    disabled: z.boolean(),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'User' });

export const SignedInSchema = z.object({
  user: UserSchema,
  csrfToken: z.string().describe('Send as X-CSRF-Token with every POST, PATCH or DELETE made with the session cookie'),
  expiresAt: IsoDateTime,
});

export const UpdateMeBody = z.object({ language: LanguageSchema.describe('The language of Samooh\'s screens and messages for this account') }).strict();

export const ChangePasswordBody = z.object({ currentPassword: Password, newPassword: Password }).strict();
export const ResetRequestBody = z.object({ email: z.string().trim().min(3).max(254) }).strict();
export const ResetPasswordBody = z.object({ token: z.string().min(10).max(200), password: Password }).strict();

export const PasswordResetSchema = z.object({
  token: z.string().describe('One-time: shown only in this answer. The person sets a password with POST /api/auth/password-reset'),
  expiresAt: IsoDateTime,
});

export const CreateUserBody = z
  .object({
    email: Email,
    name: z.string().trim().min(1).max(200).nullish(),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    member: Ref.nullish().describe('For a distributor or customer account: their member id or code'),
    language: LanguageSchema.optional(),
    password: Password.optional().describe('Omit to get a one-time password reset token to hand over'),
  })
  .strict();

export const UpdateUserBody = z.object({ disabled: z.boolean() }).strict();
export const UserIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const CreateApiTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(TOKEN_SCOPES.length),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

export const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the token, to recognise it'),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdAt: IsoDateTime,
    expiresAt: IsoDateTime.nullable(),
    lastUsedAt: IsoDateTime.nullable(),
    revokedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'ApiToken' });
