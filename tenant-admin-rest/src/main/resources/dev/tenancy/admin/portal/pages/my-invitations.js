/* #/invitations: pending invitations addressed to the caller's verified e-mail; accept, decline. */
import { h, button, table, empty, errorAlert, alert, confirm } from '../ui.js';

export async function render (root, ctx) {
  const { t, api } = ctx;
  const messages = h('div', { class: 'portal-messages' });
  const list = h('div', {});
  root.append(h('p', { class: 'portal-intro' }, t('myInvitations.intro')), messages, list);

  async function load () {
    const invitations = await api('GET', '/me/invitations');
    if (!invitations.length) {
      list.replaceChildren(empty(t('myInvitations.none'), t('myInvitations.noneText')));
      return;
    }
    const dateTime = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' });
    list.replaceChildren(table(t('myInvitations.tableCaption'),
      [t('myInvitations.tenant'), t('myInvitations.roles'), t('myInvitations.expires'), t('common.actions')],
      invitations.map(invitation => [
        h('span', { class: 'portal-strong', dataset: { tenant: invitation.tenant.alias } }, invitation.tenant.name),
        (invitation.roles || []).join(', ') || t('myInvitations.noRoles'),
        dateTime.format(new Date(invitation.expiresAt)),
        h('div', { class: 'portal-actions' },
          button(t('myInvitations.accept'), { variant: 'primary', control: 'accept-invitation',
            ariaLabel: t('myInvitations.acceptFrom', invitation.tenant.name), onClick: () => accept(invitation) }),
          button(t('myInvitations.decline'), { variant: 'link', control: 'decline-invitation',
            ariaLabel: t('myInvitations.declineFrom', invitation.tenant.name), onClick: () => decline(invitation) }))
      ]), { control: 'my-invitation-list' }));
  }

  async function accept (invitation) {
    try {
      await api('POST', `/me/invitations/${encodeURIComponent(invitation.id)}/accept`);
      ctx.announce(t('myInvitations.accepted', invitation.tenant.name));
      await ctx.refresh(); // a new tenant: the selector and "My tenants" show it
      const notice = document.querySelector('.portal-page-root .portal-messages');
      notice?.replaceChildren(alert('success', t('myInvitations.accepted', invitation.tenant.name)));
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('myInvitations.acceptFailed', invitation.tenant.name)));
    }
  }

  async function decline (invitation) {
    const sure = await confirm({
      t, title: t('myInvitations.declineTitle', invitation.tenant.name), text: t('myInvitations.declineText'),
      confirmLabel: t('myInvitations.decline'), control: 'decline-dialog'
    });
    if (!sure) return;
    try {
      await api('POST', `/me/invitations/${encodeURIComponent(invitation.id)}/decline`);
      ctx.announce(t('myInvitations.declined', invitation.tenant.name));
      messages.replaceChildren(alert('success', t('myInvitations.declined', invitation.tenant.name)));
      await load();
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('myInvitations.declineFailed', invitation.tenant.name)));
    }
  }

  try {
    await load();
  } catch (error) {
    messages.replaceChildren(errorAlert(t, error, t('myInvitations.loadFailed')));
  }
  const { accountUrl } = JSON.parse(document.getElementById('portal-config').textContent);
  root.append(h('p', { class: 'portal-section' }, h('a', { href: accountUrl, target: '_blank', rel: 'noopener',
    dataset: { control: 'account-link' } }, t('myInvitations.account'))));
}
