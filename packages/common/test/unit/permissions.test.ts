import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES, type AdminRole, type Viewer } from '../../src/auth.js';
import { can, PERMISSION_NAMES, PERMISSIONS, permissionsOf, requirePermission, type Permission } from '../../src/permissions.js';

/**
 * The expected table, written out by hand so a change to the code's table has to be made twice:
 * owner (u: the user themself, a: the admin themself, -: nobody), then one column per role in
 * ADMIN_ROLES order: Super, Listing, User, Billing, Analytics (x: granted).
 */
const EXPECTED: Record<Permission, string> = {
  //                      owner S L U B A
  'users:read':            'u   x x x x x',
  'users:list':            '-   x x x x x',
  'users:manage':          'u   x - x - -',
  'admins:read':           '-   x x x x x',
  'admins:read-contact':   'a   x - - - -',
  'admins:create':         '-   x - - - -',
  'listings:manage':       '-   x x - - -',
  'listing-images:manage': '-   x x - - -',
  'bookings:read':         'u   x - x x x',
  'bookings:list':         '-   x - x x x',
  'bookings:manage':       'u   x - x x -',
  'reports:revenue':       '-   x - - x x',
  'reviews:moderate':      'u   x x x x x',
  'reviews:read-author':   'u   x x x x x',
  'analytics:read':        '-   x - - - x',
};

const expectation = (permission: Permission): { owner: string; roles: Record<AdminRole, boolean> } => {
  const [owner = '-', ...cells] = EXPECTED[permission].split(/\s+/);
  return { owner, roles: Object.fromEntries(ADMIN_ROLES.map((role, index) => [role, cells[index] === 'x'])) as Record<AdminRole, boolean> };
};

const USER_ID = '123-45-6789';
const admin = (role: AdminRole, adminId = 'ADM-T'): Viewer => ({ kind: 'admin', adminId, role });
const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
};

describe('the role → permission table', () => {
  it('has exactly the expected permissions', () => {
    expect([...PERMISSION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const permission of Object.keys(EXPECTED) as Permission[]) {
    const { owner, roles } = expectation(permission);
    describe(permission, () => {
      for (const role of ADMIN_ROLES) {
        it(`${roles[role] ? 'grants' : 'refuses'} it to ${/^[AEIOU]/.test(role) ? 'an' : 'a'} ${role}`, () => {
          expect(can(admin(role), permission)).toBe(roles[role]);
          expect(codeOf(() => requirePermission(admin(role), permission))).toBe(roles[role] ? undefined : 'FORBIDDEN');
        });
      }

      it(`${owner === 'u' ? 'grants' : 'refuses'} it to a user for their own things, never for another user's`, () => {
        const user: Viewer = { kind: 'user', userId: USER_ID };
        expect(can(user, permission, USER_ID)).toBe(owner === 'u');
        expect(can(user, permission, '234-56-7890')).toBe(false);
        expect(can(user, permission)).toBe(false);
        expect(codeOf(() => requirePermission(user, permission, '234-56-7890'))).toBe('FORBIDDEN');
      });

      it(`${owner === 'a' ? 'grants' : 'does not grant'} it to an admin as the owner of their own account`, () => {
        // An admin id spelled like an SSN still owns nothing of that user.
        const lookalike = admin('Listing Admin', USER_ID);
        expect(can(lookalike, permission, USER_ID)).toBe(owner === 'a' || roles['Listing Admin']);
      });

      it('refuses an anonymous viewer with UNAUTHENTICATED', () => {
        expect(can({ kind: 'anonymous' }, permission, USER_ID)).toBe(false);
        expect(codeOf(() => requirePermission({ kind: 'anonymous' }, permission, USER_ID))).toBe('UNAUTHENTICATED');
      });
    });
  }

  it('does not let a Listing Admin list bookings (their user ids are SSNs)', () => {
    expect(permissionsOf('Listing Admin')).not.toContain('bookings:list');
    expect(permissionsOf('Listing Admin')).not.toContain('bookings:read');
    expect(permissionsOf('Analytics Admin')).toContain('bookings:list');
  });
});

describe('docs/auth.md', () => {
  const docs = readFileSync(new URL('../../../../docs/auth.md', import.meta.url), 'utf8');
  const OWNER = { user: 'the user', admin: 'the admin', none: '—' } as const;
  const rowOf = (permission: Permission): string => {
    const rule = PERMISSIONS[permission];
    const owner = OWNER[rule.owner ?? 'none'];
    const roles: readonly AdminRole[] = rule.roles;
    return `| \`${permission}\` | ${rule.operations} | ${owner} | ${ADMIN_ROLES.map((role) => (roles.includes(role) ? 'yes' : '—')).join(' | ')} |`;
  };

  it('prints the same table as the code, row for row', () => {
    const documented = docs.split('\n').filter((line) => /^\| `[a-z-]+:[a-z-]+` \|/.test(line));
    expect(documented).toEqual(PERMISSION_NAMES.map(rowOf));
  });
});
