/* #/t/{alias}/roles: the tenant's roles (organization groups) and the tenant permissions each confers. */
import { h, table, empty, label } from '../ui.js';

const PERMISSION_KEYS = {
  'view-members': 'roles.permission.viewMembers',
  'manage-members': 'roles.permission.manageMembers',
  'manage-roles': 'roles.permission.manageRoles',
  'manage-invitations': 'roles.permission.manageInvitations',
  'manage-policies': 'roles.permission.managePolicies',
  'manage-sessions': 'roles.permission.manageSessions',
  'view-audit': 'roles.permission.viewAudit',
  'tenant-admin': 'roles.permission.tenantAdmin'
};

export async function render (root, ctx) {
  const { t, api, tenant } = ctx;
  const roles = await api('GET', `/${encodeURIComponent(tenant.alias)}/roles`);
  root.append(h('p', { class: 'portal-intro' }, t('roles.intro')));
  if (!roles.length) {
    root.append(empty(t('roles.none')));
    return;
  }
  root.append(table(t('roles.tableCaption'), [t('roles.name'), t('roles.path'), t('roles.permissions')],
    roles.map(role => [
      h('span', { class: 'portal-strong', dataset: { role: role.name } }, role.name),
      role.path,
      (role.permissions || []).length
        ? h('ul', { class: 'portal-permission-list' }, role.permissions.map(permission =>
          h('li', {}, label(permission), ' ', PERMISSION_KEYS[permission] ? t(PERMISSION_KEYS[permission]) : '')))
        : t('roles.noPermissions')
    ]), { control: 'role-list' }));
  root.append(h('h2', { class: 'portal-section' }, t('roles.legend')),
    h('dl', { class: 'pf-v5-c-description-list pf-m-horizontal pf-m-compact' },
      Object.entries(PERMISSION_KEYS).map(([permission, key]) => h('div', { class: 'pf-v5-c-description-list__group' },
        h('dt', { class: 'pf-v5-c-description-list__term' }, permission),
        h('dd', { class: 'pf-v5-c-description-list__description' }, t(key))))));
}
