package dev.tenancy.mapper.groups;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.CredentialValidationOutput;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IssuedVerifiableCredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.UserVerifiableCredentialModel;
import org.keycloak.storage.OnCreateComponent;
import org.keycloak.storage.OnUpdateComponent;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileDecorator;
import org.keycloak.userprofile.UserProfileMetadata;

/**
 * {@code session.users()} as Keycloak's user cache answers it, except that a local user found by id, username or
 * e-mail comes back as a {@link RealmGroupsUser}, whose realm groups are read once per request. Every other call is
 * Keycloak's own; users passed in are unwrapped first, so that Keycloak's cache only ever sees its own models. It
 * implements the interfaces Keycloak checks {@code session.users()} for ({@link UserProfileDecorator},
 * {@link OnCreateComponent}, {@link OnUpdateComponent}) and passes them on when its delegate has them;
 * {@code RealmGroupsDatastoreProvider} turns itself off when the delegate has any other interface.
 */
final class RealmGroupsUserProvider
        implements UserProvider, UserProfileDecorator, OnCreateComponent, OnUpdateComponent {

    /** The interfaces of Keycloak's user cache this class passes on; see the class comment. */
    static final Set<Class<?>> PASSED_ON =
            Set.of(UserProvider.class, UserProfileDecorator.class, OnCreateComponent.class, OnUpdateComponent.class);

    private final UserProvider delegate;
    private final UserRealmGroups memo;

    RealmGroupsUserProvider(UserProvider delegate, UserRealmGroups memo) {
        this.delegate = delegate;
        this.memo = memo;
    }

    private UserModel wrap(RealmModel realm, UserModel user) {
        return memo.wrap(realm, user);
    }

    private static UserModel unwrap(UserModel user) {
        return RealmGroupsUser.unwrap(user);
    }

    @Override
    public List<AttributeMetadata> decorateUserProfile(String providerId, UserProfileMetadata metadata) {
        return delegate instanceof UserProfileDecorator decorator
                ? decorator.decorateUserProfile(providerId, metadata)
                : List.of();
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (delegate instanceof OnCreateComponent listener) {
            listener.onCreate(session, realm, model);
        }
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        if (delegate instanceof OnUpdateComponent listener) {
            listener.onUpdate(session, realm, oldModel, newModel);
        }
    }

    @Override
    public void addConsent(RealmModel realm, String value, UserConsentModel consent) {
        delegate.addConsent(realm, value, consent);
    }

    @Override
    public void addFederatedIdentity(RealmModel realm, UserModel user, FederatedIdentityModel identity) {
        delegate.addFederatedIdentity(realm, unwrap(user), identity);
    }

    @Override
    public IssuedVerifiableCredentialModel addIssuedVerifiableCredential(IssuedVerifiableCredentialModel credential) {
        return delegate.addIssuedVerifiableCredential(credential);
    }

    @Override
    public UserModel addUser(RealmModel realm, String value, String value2, boolean flag, boolean flag2) {
        return delegate.addUser(realm, value, value2, flag, flag2);
    }

    @Override
    public UserModel addUser(RealmModel realm, String value) {
        return delegate.addUser(realm, value);
    }

    @Override
    public UserVerifiableCredentialModel addVerifiableCredential(
            String value, UserVerifiableCredentialModel credential) {
        return delegate.addVerifiableCredential(value, credential);
    }

    @Override
    public void close() {
        // The delegate is a provider of the session, which closes it.
    }

    @Override
    public UserConsentModel getConsentByClient(RealmModel realm, String value, String value2) {
        return delegate.getConsentByClient(realm, value, value2);
    }

    @Override
    public Stream<UserConsentModel> getConsentsStream(RealmModel realm, String value) {
        return delegate.getConsentsStream(realm, value);
    }

    @Override
    public Stream<FederatedIdentityModel> getFederatedIdentitiesStream(RealmModel realm, UserModel user) {
        return delegate.getFederatedIdentitiesStream(realm, unwrap(user));
    }

    @Override
    public FederatedIdentityModel getFederatedIdentity(RealmModel realm, UserModel user, String value) {
        return delegate.getFederatedIdentity(realm, unwrap(user), value);
    }

    @Override
    public Stream<UserModel> getGroupMembersStream(RealmModel realm, GroupModel group, Integer count, Integer count2) {
        return delegate.getGroupMembersStream(realm, group, count, count2);
    }

    @Override
    public Stream<UserModel> getGroupMembersStream(
            RealmModel realm, GroupModel group, String value, Boolean exact, Integer count, Integer count2) {
        return delegate.getGroupMembersStream(realm, group, value, exact, count, count2);
    }

    @Override
    public Stream<UserModel> getGroupMembersStream(RealmModel realm, GroupModel group) {
        return delegate.getGroupMembersStream(realm, group);
    }

    @Override
    public Stream<IssuedVerifiableCredentialModel> getIssuedVerifiableCredentialsStreamByUser(String value) {
        return delegate.getIssuedVerifiableCredentialsStreamByUser(value);
    }

    @Override
    public int getNotBeforeOfUser(RealmModel realm, UserModel user) {
        return delegate.getNotBeforeOfUser(realm, unwrap(user));
    }

    @Override
    public Stream<UserModel> getRoleMembersStream(RealmModel realm, RoleModel role, Integer count, Integer count2) {
        return delegate.getRoleMembersStream(realm, role, count, count2);
    }

    @Override
    public Stream<UserModel> getRoleMembersStream(RealmModel realm, RoleModel role) {
        return delegate.getRoleMembersStream(realm, role);
    }

    @Override
    public UserModel getServiceAccount(ClientModel client) {
        return delegate.getServiceAccount(client);
    }

    @Override
    public CredentialValidationOutput getUserByCredential(RealmModel realm, CredentialInput input) {
        return delegate.getUserByCredential(realm, input);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String value) {
        return wrap(realm, delegate.getUserByEmail(realm, value));
    }

    @Override
    public UserModel getUserByFederatedIdentity(RealmModel realm, FederatedIdentityModel identity) {
        return delegate.getUserByFederatedIdentity(realm, identity);
    }

    @Override
    public UserModel getUserById(RealmModel realm, String value) {
        return wrap(realm, delegate.getUserById(realm, value));
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String value) {
        return wrap(realm, delegate.getUserByUsername(realm, value));
    }

    @Override
    public UserCredentialManager getUserCredentialManager(UserModel user) {
        return delegate.getUserCredentialManager(unwrap(user));
    }

    @Override
    public int getUsersCount(RealmModel realm, boolean flag) {
        return delegate.getUsersCount(realm, flag);
    }

    @Override
    public int getUsersCount(RealmModel realm, String value, Set<String> groupIds) {
        return delegate.getUsersCount(realm, value, groupIds);
    }

    @Override
    public int getUsersCount(RealmModel realm, String value) {
        return delegate.getUsersCount(realm, value);
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> attributes, Set<String> groupIds) {
        return delegate.getUsersCount(realm, attributes, groupIds);
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> attributes) {
        return delegate.getUsersCount(realm, attributes);
    }

    @Override
    public int getUsersCount(RealmModel realm, Set<String> groupIds) {
        return delegate.getUsersCount(realm, groupIds);
    }

    @Override
    public int getUsersCount(RealmModel realm) {
        return delegate.getUsersCount(realm);
    }

    @Override
    public UserVerifiableCredentialModel getVerifiableCredentialByClientScope(String value, String value2) {
        return delegate.getVerifiableCredentialByClientScope(value, value2);
    }

    @Override
    public UserVerifiableCredentialModel getVerifiableCredentialById(String value) {
        return delegate.getVerifiableCredentialById(value);
    }

    @Override
    public Stream<UserVerifiableCredentialModel> getVerifiableCredentialsByUser(String value) {
        return delegate.getVerifiableCredentialsByUser(value);
    }

    @Override
    public void grantToAllUsers(RealmModel realm, RoleModel role) {
        delegate.grantToAllUsers(realm, role);
    }

    @Override
    public void preRemove(ProtocolMapperModel mapper) {
        delegate.preRemove(mapper);
    }

    @Override
    public void preRemove(ClientScopeModel clientScope) {
        delegate.preRemove(clientScope);
    }

    @Override
    public void preRemove(RealmModel realm, ComponentModel component) {
        delegate.preRemove(realm, component);
    }

    @Override
    public void preRemove(RealmModel realm, IdentityProviderModel identityProvider) {
        delegate.preRemove(realm, identityProvider);
    }

    @Override
    public void preRemove(RealmModel realm, ClientModel client) {
        delegate.preRemove(realm, client);
    }

    @Override
    public void preRemove(RealmModel realm, GroupModel group) {
        memo.forget();
        delegate.preRemove(realm, group);
    }

    @Override
    public void preRemove(RealmModel realm, RoleModel role) {
        delegate.preRemove(realm, role);
    }

    @Override
    public void preRemove(RealmModel realm) {
        memo.forget();
        delegate.preRemove(realm);
    }

    @Override
    public void removeExpiredIssuedVerifiableCredentials() {
        delegate.removeExpiredIssuedVerifiableCredentials();
    }

    @Override
    public boolean removeFederatedIdentity(RealmModel realm, UserModel user, String value) {
        return delegate.removeFederatedIdentity(realm, unwrap(user), value);
    }

    @Override
    public void removeImportedUsers(RealmModel realm, String value) {
        memo.forget();
        delegate.removeImportedUsers(realm, value);
    }

    @Override
    public boolean removeIssuedVerifiableCredential(String value) {
        return delegate.removeIssuedVerifiableCredential(value);
    }

    @Override
    public boolean removeUser(RealmModel realm, UserModel user) {
        memo.forget();
        return delegate.removeUser(realm, unwrap(user));
    }

    @Override
    public boolean removeVerifiableCredential(String value, String value2) {
        return delegate.removeVerifiableCredential(value, value2);
    }

    @Override
    public boolean revokeConsentForClient(RealmModel realm, String value, String value2) {
        return delegate.revokeConsentForClient(realm, value, value2);
    }

    @Override
    public Stream<UserModel> searchForUserByUserAttributeStream(RealmModel realm, String value, String value2) {
        return delegate.searchForUserByUserAttributeStream(realm, value, value2);
    }

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, String value, Integer count, Integer count2) {
        return delegate.searchForUserStream(realm, value, count, count2);
    }

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, String value) {
        return delegate.searchForUserStream(realm, value);
    }

    @Override
    public Stream<UserModel> searchForUserStream(
            RealmModel realm, Map<String, String> attributes, Integer count, Integer count2) {
        return delegate.searchForUserStream(realm, attributes, count, count2);
    }

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, Map<String, String> attributes) {
        return delegate.searchForUserStream(realm, attributes);
    }

    @Override
    public void setNotBeforeForUser(RealmModel realm, UserModel user, int notBefore) {
        delegate.setNotBeforeForUser(realm, unwrap(user), notBefore);
    }

    @Override
    public void unlinkUsers(RealmModel realm, String value) {
        memo.forget();
        delegate.unlinkUsers(realm, value);
    }

    @Override
    public void updateConsent(RealmModel realm, String value, UserConsentModel consent) {
        delegate.updateConsent(realm, value, consent);
    }

    @Override
    public void updateFederatedIdentity(RealmModel realm, UserModel user, FederatedIdentityModel identity) {
        delegate.updateFederatedIdentity(realm, unwrap(user), identity);
    }

    @Override
    public UserVerifiableCredentialModel updateVerifiableCredential(String value, String value2) {
        return delegate.updateVerifiableCredential(value, value2);
    }
}
