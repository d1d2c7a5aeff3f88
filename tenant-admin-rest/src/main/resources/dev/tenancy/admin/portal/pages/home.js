/* #/ : the caller's tenants; make one the active tenant (cookie mode's switch), leave one. */
import { h, button, table, empty, label, confirm, errorAlert } from '../ui.js';

export async function render (root, ctx) {
  const { t, me } = ctx;
  const tenants = me.tenants || [];
  root.append(h('p', { class: 'portal-intro' }, t('home.intro', me.username)));
  if (!tenants.length) {
    root.append(empty(t('home.emptyTitle'), t('home.emptyText')),
      h('p', {}, h('a', { href: '#/invitations', dataset: { control: 'open-my-invitations' } }, t('home.seeInvitations'))));
    return;
  }
  const messages = h('div', { class: 'portal-messages' });
  const rows = tenants.map(tenant => {
    const active = tenant.alias === me.activeTenant;
    const actions = h('div', { class: 'portal-actions' });
    if (!active && tenant.enabled !== false) {
      actions.append(button(t('home.switch'), {
        variant: 'secondary', control: 'switch-tenant', ariaLabel: t('home.switchTo', tenant.name),
        onClick: () => ctx.switchTenant(tenant.alias)
      }));
    }
    actions.append(button(t('home.leave'), {
      variant: 'link', control: 'leave-tenant', ariaLabel: t('home.leaveNamed', tenant.name),
      onClick: async () => {
        const sure = await confirm({
          t, title: t('home.leaveTitle', tenant.name), text: t('home.leaveText', tenant.name),
          confirmLabel: t('home.leave'), control: 'leave-dialog'
        });
        if (!sure) return;
        try {
          await ctx.api('POST', `/${encodeURIComponent(tenant.alias)}/leave`);
          ctx.announce(t('home.left', tenant.name));
          await ctx.refresh();
        } catch (error) {
          messages.replaceChildren(errorAlert(t, error, t('home.leaveFailed', tenant.name)));
        }
      }
    }));
    const state = [];
    if (active) state.push(label(t('home.active'), 'blue'));
    if (tenant.enabled === false) state.push(label(t('home.suspended'), 'orange'));
    return [
      h('span', { class: 'portal-strong', dataset: { tenant: tenant.alias } }, tenant.name),
      tenant.alias,
      h('span', {}, (tenant.groups || []).join(', ')),
      h('span', {}, state),
      actions
    ];
  });
  root.append(messages, table(t('home.tableCaption'),
    [t('home.name'), t('home.alias'), t('home.roles'), t('home.state'), t('common.actions')], rows,
    { control: 'tenant-list' }));
}
