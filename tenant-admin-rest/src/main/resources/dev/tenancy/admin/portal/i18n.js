/*
 * Messages of the portal: the bundle of the page's language (rendered into the page by the server from
 * messages/messages_<lang>.properties, English under every missing key). Keys are prefixed by page: common.*,
 * home.*, myInvitations.*, members.*, invitations.*, roles.*, policy.*, branding.*, audit.*, tenantsAdmin.*.
 */

/** t(key, ...args): the message with {0}, {1}, ... replaced by the arguments; the key itself when it is missing. */
export function createI18n (messages, locale) {
  const t = (key, ...args) => {
    const text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key;
    return text.replace(/\{(\d+)\}/g, (match, index) => (index < args.length ? String(args[index]) : match));
  };
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const number = new Intl.NumberFormat(locale);
  return {
    t,
    locale,
    /** An instant (epoch milliseconds) as a local date and time. */
    formatDateTime: epochMs => dateTime.format(new Date(epochMs)),
    formatNumber: value => number.format(value)
  };
}
