// The refusal every service answers when a role lacks a permission (rules in @ioc/access).
import { can, type Permission } from '@ioc/access';
import type { Actor } from '@ioc/contracts';
import { ServiceError } from './errors';

/** Throws `forbidden` ("a planner may not change devices") unless the actor's role has the permission. */
export function requirePermission(actor: Actor, permission: Permission, what: string): void {
  if (!can(actor.role, permission)) {
    throw new ServiceError('forbidden', `${/^[aeiou]/.test(actor.role) ? 'an' : 'a'} ${actor.role} may not ${what}`);
  }
}
