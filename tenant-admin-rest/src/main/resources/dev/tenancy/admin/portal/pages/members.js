/*
 * #/t/{alias}/members: search, keyset paging (after=<last username>), the count, each member's roles (carried by the
 * page's one list request: include=roles); change roles (only roles the caller may grant), the member's sessions in
 * this tenant (end them), remove; invite leads to the invitations page.
 */
import { h, button, table, empty, label, dialog, confirm, errorAlert, alert, textInput, field } from '../ui.js';

const PAGE_SIZE = 20;

export async function render (root, ctx) {
  const { t, api, tenant } = ctx;
  const base = `/${encodeURIComponent(tenant.alias)}`;
  const state = { search: '', after: null, previous: [] };
  let roles = null; // the tenant's roles with `grantable`, loaded when first needed

  const messages = h('div', { class: 'portal-messages' });
  const count = h('p', { class: 'portal-count', dataset: { control: 'member-count' }, 'aria-live': 'polite' });
  const list = h('div', {});
  const pager = h('div', { class: 'portal-pager' });
  const search = textInput({ type: 'search', name: 'search', control: 'member-search' });
  search.input.setAttribute('aria-label', t('members.search'));
  const form = h('form', { class: 'portal-toolbar', role: 'search', onsubmit: event => {
    event.preventDefault();
    state.search = search.input.value.trim();
    state.after = null;
    state.previous = [];
    load();
  } }, search.wrapper, button(t('common.search'), { type: 'submit', control: 'search-members' }));
  if (ctx.can('manage-invitations')) {
    form.append(button(t('members.invite'), {
      variant: 'primary', control: 'invite',
      onClick: () => ctx.navigate(`#/t/${encodeURIComponent(tenant.alias)}/invitations`)
    }));
  }
  root.append(form, messages, count, list, pager);

  async function grantableRoles () {
    if (!roles) roles = await api('GET', `${base}/roles`);
    return roles;
  }

  async function load () {
    list.setAttribute('aria-busy', 'true');
    try {
      // include=roles: each member comes with its roles, so a page is these two requests whatever its size
      const query = new URLSearchParams({ max: String(PAGE_SIZE + 1), include: 'roles' });
      if (state.search) query.set('search', state.search);
      if (state.after) query.set('after', state.after);
      const [page, total] = await Promise.all([
        api('GET', `${base}/members?${query}`),
        api('GET', `${base}/members/count`)
      ]);
      const hasMore = page.length > PAGE_SIZE;
      const members = page.slice(0, PAGE_SIZE);
      count.textContent = t('members.count', total.count);
      if (!members.length) {
        list.replaceChildren(empty(state.search ? t('members.noMatch') : t('members.none')));
      } else {
        list.replaceChildren(table(t('members.tableCaption'),
          [t('members.username'), t('members.name'), t('members.email'), t('members.roles'), t('common.actions')],
          members.map(member => row(member, member.roles || [])), { control: 'member-list' }));
      }
      pager.replaceChildren();
      if (state.previous.length) {
        pager.append(button(t('common.previous'), { control: 'previous-page', onClick: () => {
          state.after = state.previous.pop();
          load().then(() => pager.querySelector('[data-control=previous-page], [data-control=next-page]')?.focus());
        } }));
      }
      if (hasMore) {
        pager.append(button(t('common.next'), { control: 'next-page', onClick: () => {
          state.previous.push(state.after);
          state.after = members[members.length - 1].username;
          load().then(() => pager.querySelector('[data-control=next-page], [data-control=previous-page]')?.focus());
        } }));
      }
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('members.loadFailed')));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function row (member, held) {
    const name = [member.firstName, member.lastName].filter(Boolean).join(' ');
    const actions = h('div', { class: 'portal-actions' });
    if (ctx.can('manage-roles')) {
      actions.append(button(t('members.changeRoles'), {
        control: 'change-roles', ariaLabel: t('members.changeRolesOf', member.username),
        onClick: () => changeRoles(member, held)
      }));
    }
    if (ctx.can('manage-sessions')) {
      actions.append(button(t('members.sessions'), {
        control: 'member-sessions', ariaLabel: t('members.sessionsOf', member.username),
        onClick: () => sessions(member)
      }));
    }
    if (ctx.can('manage-members')) {
      actions.append(button(t('members.remove'), {
        variant: 'danger', control: 'remove-member', ariaLabel: t('members.removeNamed', member.username),
        onClick: () => remove(member)
      }));
    }
    return [
      h('span', { class: 'portal-strong', dataset: { member: member.username } }, member.username),
      name,
      member.email || '',
      h('span', { class: 'portal-actions', dataset: { control: 'member-roles' } },
        held.length ? held.map(role => label(role.name)) : t('members.noRoles')),
      actions
    ];
  }

  async function changeRoles (member, held) {
    let all;
    try {
      all = await grantableRoles();
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('members.rolesFailed')));
      return;
    }
    const heldIds = new Set(held.map(role => role.id));
    // only roles the caller may grant are offered; held roles it may not touch are listed as they are
    const offered = all.filter(role => role.grantable !== false);
    const fixed = all.filter(role => role.grantable === false && heldIds.has(role.id));
    const boxes = offered.map(role => {
      const box = h('input', { type: 'checkbox', name: 'role', value: role.id, checked: heldIds.has(role.id) || undefined,
        dataset: { control: 'role-option', role: role.name } });
      return { role, box };
    });
    const saved = await dialog({
      t,
      title: t('members.changeRolesTitle', member.username),
      control: 'roles-dialog',
      content: () => h('div', {},
        h('fieldset', { class: 'portal-checks' }, h('legend', { class: 'pf-v5-screen-reader' }, t('members.roles')),
          boxes.map(({ role, box }) => h('label', {}, box, role.name,
            role.permissions?.length ? h('span', { class: 'portal-subtitle' }, ` (${role.permissions.join(', ')})`) : null))),
        fixed.length ? h('p', {}, t('members.rolesNotGrantable', fixed.map(role => role.name).join(', '))) : null,
        offered.length ? null : h('p', {}, t('members.nothingGrantable'))),
      actions: close => [
        button(t('common.save'), { variant: 'primary', control: 'save-roles', onClick: () => close(true) }),
        button(t('common.cancel'), { variant: 'link', control: 'cancel', onClick: () => close(false) })
      ]
    });
    if (!saved) return;
    const userPath = `${base}/members/${encodeURIComponent(member.id)}/roles/`;
    try {
      for (const { role, box } of boxes) {
        if (box.checked && !heldIds.has(role.id)) await api('PUT', userPath + encodeURIComponent(role.id));
        if (!box.checked && heldIds.has(role.id)) await api('DELETE', userPath + encodeURIComponent(role.id));
      }
      ctx.announce(t('members.rolesSaved', member.username));
      messages.replaceChildren(alert('success', t('members.rolesSaved', member.username)));
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('members.rolesFailed')));
    }
    await load();
  }

  async function sessions (member) {
    const path = `${base}/members/${encodeURIComponent(member.id)}/sessions`;
    let list;
    try {
      list = await api('GET', path);
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('members.sessionsFailed')));
      return;
    }
    const ended = await dialog({
      t,
      title: t('members.sessionsTitle', member.username),
      control: 'sessions-dialog',
      content: () => list.length
        ? table(t('members.sessionsCaption', member.username),
          [t('members.sessionStarted'), t('members.sessionLastAccess'), t('members.sessionClients'), t('members.sessionIp')],
          list.map(s => [fmt(s.started), fmt(s.lastAccess), (s.clients || []).join(', '), s.ipAddress || '\u2014']),
          { control: 'session-list' })
        : h('p', { dataset: { control: 'no-sessions' } }, t('members.noSessions')),
      actions: close => [
        list.length ? button(t('members.endSessions'), { variant: 'danger', control: 'end-sessions', onClick: () => close(true) }) : null,
        button(t('common.close'), { variant: 'link', control: 'cancel', onClick: () => close(false) })
      ]
    });
    if (!ended) return;
    try {
      const result = await api('DELETE', path);
      const text = t('members.sessionsEnded', member.username, result?.sessions ?? 0);
      ctx.announce(text);
      messages.replaceChildren(alert('success', text));
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('members.sessionsFailed')));
    }
  }

  async function remove (member) {
    const sure = await confirm({
      t, title: t('members.removeTitle', member.username), text: t('members.removeText', member.username, tenant.name),
      confirmLabel: t('members.remove'), control: 'remove-dialog'
    });
    if (!sure) return;
    try {
      await api('DELETE', `${base}/members/${encodeURIComponent(member.id)}`);
      const text = t('members.removed', member.username);
      ctx.announce(text);
      messages.replaceChildren(alert('success', text));
    } catch (error) {
      messages.replaceChildren(errorAlert(t, error, t('members.removeFailed', member.username)));
    }
    await load();
  }

  function fmt (epochSeconds) {
    return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' })
      .format(new Date(epochSeconds * 1000));
  }

  await load();
}
