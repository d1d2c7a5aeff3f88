/*
 * #/t/{alias}/invitations: invite an e-mail with roles and an expiry; when the realm sends no e-mail (the create
 * answer's emailSent is false) the link is shown once, to copy; the list filtered by status, resend, revoke.
 */
import { h, button, table, empty, label, confirm, errorAlert, alert, textInput, selectInput, field } from '../ui.js';

const PAGE_SIZE = 20;
const DAY = 24 * 3600;
const STATUS_KEYS = {
  PENDING: 'invitations.status.pending',
  ACCEPTED: 'invitations.status.accepted',
  EXPIRED: 'invitations.status.expired',
  REVOKED: 'invitations.status.revoked',
  DECLINED: 'invitations.status.declined'
};
const STATUS_COLORS = { PENDING: 'blue', ACCEPTED: 'green', EXPIRED: 'orange', REVOKED: 'grey', DECLINED: 'grey' };

export async function render (root, ctx) {
  const { t, api, tenant } = ctx;
  const base = `/${encodeURIComponent(tenant.alias)}/invitations`;
  const state = { status: '', first: 0 };
  const messages = h('div', { class: 'portal-messages' });
  const linkBox = h('div', {});
  const list = h('div', {});
  const pager = h('div', { class: 'portal-pager' });

  // roles: the tenant's roles this caller may hand out (reading them needs view-members; without it, no roles)
  let roles = [];
  if (ctx.can('view-members')) {
    try {
      roles = (await api('GET', `/${encodeURIComponent(tenant.alias)}/roles`)).filter(role => role.grantable !== false);
    } catch (error) {
      messages.append(errorAlert(t, error, t('invitations.rolesFailed')));
    }
  }

  const email = textInput({ type: 'email', name: 'email', control: 'invite-email', required: true, autocomplete: 'off' });
  const expiry = selectInput({
    name: 'expiry', control: 'invite-expiry', value: String(7 * DAY),
    options: [
      { value: String(DAY), label: t('invitations.expiry.day') },
      { value: String(7 * DAY), label: t('invitations.expiry.week') },
      { value: String(30 * DAY), label: t('invitations.expiry.month') }
    ]
  });
  const roleBoxes = roles.map(role => ({
    role,
    box: h('input', { type: 'checkbox', name: 'role', value: role.id, dataset: { control: 'invite-role', role: role.name } })
  }));
  let emailError = null;
  const form = h('form', { class: 'pf-v5-c-form', novalidate: true, onsubmit: event => { event.preventDefault(); create(); } });
  function renderForm (error) {
    emailError = error || null;
    form.replaceChildren(
      field(t('invitations.email'), email.wrapper, { required: true, error: emailError, helper: emailError ? null : t('invitations.emailHelp') }),
      roleBoxes.length
        ? h('fieldset', { class: 'pf-v5-c-form__group' },
          h('legend', { class: 'pf-v5-c-form__label' }, h('span', { class: 'pf-v5-c-form__label-text' }, t('invitations.roles'))),
          h('div', { class: 'portal-checks' }, roleBoxes.map(({ role, box }) => h('label', {}, box, role.name))))
        : null,
      field(t('invitations.expiry'), expiry.wrapper),
      h('div', { class: 'pf-v5-c-form__group pf-m-action' },
        h('div', { class: 'pf-v5-c-form__actions' },
          button(t('invitations.create'), { type: 'submit', variant: 'primary', control: 'create-invitation' }))));
  }
  renderForm();

  const filter = selectInput({
    name: 'status', control: 'invitation-status-filter', value: '',
    options: [{ value: '', label: t('invitations.status.all') }].concat(Object.keys(STATUS_KEYS)
      .map(status => ({ value: status.toLowerCase(), label: t(STATUS_KEYS[status]) })))
  });
  filter.select.addEventListener('change', () => { state.status = filter.select.value; state.first = 0; load(); });

  root.append(
    h('section', { class: 'portal-section', 'aria-labelledby': 'invite-heading' },
      h('h2', { id: 'invite-heading' }, t('invitations.createTitle')), form, linkBox),
    h('section', { class: 'portal-section', 'aria-labelledby': 'invitation-list-heading' },
      h('h2', { id: 'invitation-list-heading' }, t('invitations.listTitle')),
      h('div', { class: 'portal-toolbar' }, field(t('invitations.filter'), filter.wrapper)),
      messages, list, pager));

  function showLink (invitation) {
    if (invitation.emailSent) {
      linkBox.replaceChildren(alert('success', t('invitations.emailed', invitation.email)));
      return;
    }
    const input = h('input', { type: 'text', readonly: true, value: invitation.link, dataset: { control: 'invitation-link' },
      'aria-label': t('invitations.link') });
    input.value = invitation.link;
    linkBox.replaceChildren(h('div', { class: 'pf-v5-c-alert pf-m-inline pf-m-info', role: 'status' },
      h('p', { class: 'pf-v5-c-alert__title' }, t('invitations.noEmail', invitation.email)),
      h('div', { class: 'pf-v5-c-alert__description' },
        h('div', { class: 'portal-toolbar' }, h('span', { class: 'pf-v5-c-form-control portal-link-box' }, input),
          button(t('invitations.copy'), { control: 'copy-link', onClick: () => copy(input) })))));
  }

  async function copy (input) {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select(); // no clipboard permission: leave the link selected for Ctrl+C
      document.execCommand?.('copy');
    }
    ctx.announce(t('invitations.copied'));
  }

  async function create () {
    const address = email.input.value.trim();
    if (!address) {
      renderForm(t('invitations.emailRequired'));
      email.input.focus();
      return;
    }
    const body = { email: address, expiresInSeconds: Number(expiry.select.value) };
    const chosen = roleBoxes.filter(({ box }) => box.checked).map(({ role }) => role.id);
    if (chosen.length) body.roles = chosen;
    try {
      const invitation = await api('POST', base, body);
      email.input.value = '';
      roleBoxes.forEach(({ box }) => { box.checked = false; });
      renderForm();
      showLink(invitation);
      ctx.announce(t('invitations.created', invitation.email));
      state.first = 0;
      await load();
    } catch (error) {
      if (error.field === 'email') {
        renderForm(error.errorDescription);
        email.input.focus();
      } else {
        linkBox.replaceChildren(errorAlert(t, error, t('invitations.createFailed')));
      }
    }
  }

  async function load () {
    try {
      const query = new URLSearchParams({ first: String(state.first), max: String(PAGE_SIZE + 1) });
      if (state.status) query.set('status', state.status);
      const page = await api('GET', `${base}?${query}`);
      const shown = page.slice(0, PAGE_SIZE);
      list.replaceChildren(shown.length
        ? table(t('invitations.tableCaption'),
          [t('invitations.email'), t('invitations.state'), t('invitations.roles'), t('invitations.expires'),
            t('invitations.sent'), t('common.actions')],
          shown.map(row), { control: 'invitation-list' })
        : empty(t('invitations.none')));
      pager.replaceChildren();
      if (state.first > 0) {
        pager.append(button(t('common.previous'), { control: 'previous-page', onClick: () => { state.first = Math.max(0, state.first - PAGE_SIZE); load(); } }));
      }
      if (page.length > PAGE_SIZE) {
        pager.append(button(t('common.next'), { control: 'next-page', onClick: () => { state.first += PAGE_SIZE; load(); } }));
      }
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('invitations.loadFailed')));
    }
  }

  function row (invitation) {
    const open = invitation.status === 'PENDING' || invitation.status === 'EXPIRED';
    const actions = h('div', { class: 'portal-actions' });
    if (open) {
      actions.append(
        button(t('invitations.resend'), { control: 'resend-invitation', ariaLabel: t('invitations.resendTo', invitation.email),
          onClick: () => resend(invitation) }),
        button(t('invitations.revoke'), { variant: 'danger', control: 'revoke-invitation',
          ariaLabel: t('invitations.revokeFor', invitation.email), onClick: () => revoke(invitation) }));
    }
    return [
      h('span', { dataset: { invitation: invitation.email } }, invitation.email),
      label(t(STATUS_KEYS[invitation.status] || 'invitations.status.unknown'), STATUS_COLORS[invitation.status]),
      (invitation.roles || []).map(role => (role.path || '?').replace(/^\//, '')).join(', '),
      fmt(invitation.expiresAt),
      String(invitation.sentCount ?? '')
    ].concat([actions]);
  }

  async function resend (invitation) {
    try {
      const resent = await api('POST', `${base}/${encodeURIComponent(invitation.id)}/resend`,
        { expiresInSeconds: Number(expiry.select.value) });
      showLink(resent);
      ctx.announce(t('invitations.resent', invitation.email));
      await load();
      linkBox.querySelector('input, .pf-v5-c-alert')?.scrollIntoView?.({ block: 'nearest' });
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('invitations.resendFailed')));
    }
  }

  async function revoke (invitation) {
    const sure = await confirm({
      t, title: t('invitations.revokeTitle', invitation.email), text: t('invitations.revokeText', invitation.email),
      confirmLabel: t('invitations.revoke'), control: 'revoke-dialog'
    });
    if (!sure) return;
    try {
      await api('DELETE', `${base}/${encodeURIComponent(invitation.id)}`);
      ctx.announce(t('invitations.revoked', invitation.email));
      messages.replaceChildren(alert('success', t('invitations.revoked', invitation.email)));
      await load();
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('invitations.revokeFailed')));
    }
  }

  function fmt (epochSeconds) {
    return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' })
      .format(new Date(epochSeconds * 1000));
  }

  await load();
}
