package dev.tenancy.mapper;

import com.google.auto.service.AutoService;
import dev.tenancy.context.ActiveTenant;
import dev.tenancy.context.ActiveTenantMapperDefaults;
import dev.tenancy.context.TenantAccess;
import dev.tenancy.context.TenantRoles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * "Active tenant": puts ONE object describing the active tenant into the token:
 * <pre>{"tenant": {"id": "…", "alias": "acme", "name": "Acme Corp", "roles": [...],
 *   "resource_access": {"app": {"roles": [...]}}, "groups": ["/admins"]}}</pre>
 * Roles are those of the member's organization groups in that tenant only (see {@link TenantRoles}); they are never
 * added to the top-level {@code realm_access}/{@code resource_access}.
 */
@AutoService(ProtocolMapper.class)
public class ActiveTenantMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper,
                OIDCIDTokenMapper,
                UserInfoTokenMapper,
                TokenIntrospectionTokenMapper,
                EnvironmentDependentProviderFactory {

    public static final String PROVIDER_ID = dev.tenancy.context.TenancyConventions.ACTIVE_TENANT_MAPPER_ID;

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES;

    static {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        OIDCAttributeMapperHelper.addTokenClaimNameConfig(properties);
        properties.get(0).setDefaultValue(dev.tenancy.context.TenancyConventions.DEFAULT_TENANT_CLAIM);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, ActiveTenantMapper.class);
        properties.addAll(ProviderConfigurationBuilder.create()
                .property()
                .name(ActiveTenantMapperConfig.INCLUDE_GROUPS)
                .label("Include groups")
                .helpText("Add the member's organization group paths in the tenant as 'groups'.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .add()
                .property()
                .name(ActiveTenantMapperConfig.RESOURCE_ACCESS)
                .label("Client roles")
                .helpText("Which clients' roles go into 'resource_access': 'audience' (the clients the token is for), "
                        + "'all', or 'none'.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("audience", "all", "none")
                .defaultValue("audience")
                .add()
                .property()
                .name(ActiveTenantMapperConfig.ATTRIBUTES)
                .label("Tenant attributes")
                .helpText("Organization attributes copied into the claim under 'attributes' (only these names).")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .add()
                .property()
                .name(ActiveTenantMapperConfig.TENANTS_CLAIM)
                .label("Add tenants claim")
                .helpText(
                        "Also add a claim listing the aliases of all the user's enabled tenants (for tenant pickers).")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .add()
                .property()
                .name(ActiveTenantMapperConfig.TENANTS_CLAIM_NAME)
                .label("Tenants claim name")
                .helpText("Name of the claim listing all tenant aliases.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("tenants")
                .add()
                .property()
                .name(ActiveTenantMapperConfig.TENANTS_LIMIT)
                .label("Tenants claim limit")
                .helpText("At most this many aliases go into the tenants claim (1-"
                        + ActiveTenantMapperConfig.MAX_TENANTS_LIMIT + ").")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(ActiveTenantMapperConfig.DEFAULT_TENANTS_LIMIT))
                .add()
                .build());
        CONFIG_PROPERTIES = List.copyOf(properties);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Active tenant";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds one claim for the active tenant (organization): id, alias, name, and the user's roles and groups in it.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public int getPriority() {
        // After Keycloak's own mappers (audience resolution, organization membership), so the audience is known.
        return 20;
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return Profile.isFeatureEnabled(Profile.Feature.ORGANIZATION);
    }

    @Override
    public void validateConfig(
            KeycloakSession session,
            RealmModel realm,
            ProtocolMapperContainerModel client,
            ProtocolMapperModel mapperModel)
            throws ProtocolMapperConfigException {
        try {
            ActiveTenantMapperConfig.validate(mapperModel.getConfig());
        } catch (IllegalArgumentException e) {
            throw new ProtocolMapperConfigException(
                    ActiveTenantMapperConfig.messageFormatSafe(e.getMessage()), "tenancyInvalidMapperConfig");
        }
    }

    /**
     * The configuration this mapper issues tokens with: unset options take the defaults the console pre-fills
     * ({@link ActiveTenantMapperDefaults}), so a mapper created over REST with {@code "config": {}} works like one
     * saved in the console. Keycloak's admin API also shows a mapper with this configuration.
     */
    @Override
    public ProtocolMapperModel getEffectiveModel(KeycloakSession session, RealmModel realm, ProtocolMapperModel model) {
        if (ActiveTenantMapperDefaults.isComplete(model.getConfig())) {
            return model;
        }
        ProtocolMapperModel effective = new ProtocolMapperModel(model);
        effective.setConfig(ActiveTenantMapperDefaults.effective(model.getConfig()));
        return effective;
    }

    // Keycloak decides per token type from the stored options, where only "true" is on: it gets the effective ones.

    @Override
    public AccessToken transformAccessToken(
            AccessToken token,
            ProtocolMapperModel model,
            KeycloakSession session,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        return super.transformAccessToken(token, effective(session, model), session, userSession, clientSessionCtx);
    }

    @Override
    public IDToken transformIDToken(
            IDToken token,
            ProtocolMapperModel model,
            KeycloakSession session,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        return super.transformIDToken(token, effective(session, model), session, userSession, clientSessionCtx);
    }

    @Override
    public AccessToken transformUserInfoToken(
            AccessToken token,
            ProtocolMapperModel model,
            KeycloakSession session,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        return super.transformUserInfoToken(token, effective(session, model), session, userSession, clientSessionCtx);
    }

    @Override
    public AccessToken transformIntrospectionToken(
            AccessToken token,
            ProtocolMapperModel model,
            KeycloakSession session,
            UserSessionModel userSession,
            ClientSessionContext clientSessionCtx) {
        return super.transformIntrospectionToken(
                token, effective(session, model), session, userSession, clientSessionCtx);
    }

    private ProtocolMapperModel effective(KeycloakSession session, ProtocolMapperModel model) {
        return getEffectiveModel(session, session.getContext().getRealm(), model);
    }

    @Override
    protected void setClaim(
            IDToken token,
            ProtocolMapperModel model,
            UserSessionModel userSession,
            KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        UserModel user = userSession.getUser();
        ActiveTenantMapperConfig config = ActiveTenantMapperConfig.from(model.getConfig());
        ActiveTenant.resolve(session, user, clientSessionCtx).ifPresent(tenant -> {
            TenantAccess access = TenantRoles.of(session, tenant, user);
            Set<String> audience = audienceOf(token, clientSessionCtx);
            token.getOtherClaims().put(config.claimName(), TenantClaim.build(access, config, audience));
        });
        if (config.tenantsClaim()) {
            List<String> aliases = Organizations.getProvider(session)
                    .getByMember(user)
                    .filter(OrganizationModel::isEnabled)
                    .map(OrganizationModel::getAlias)
                    .sorted()
                    .limit(config.tenantsLimit())
                    .toList();
            token.getOtherClaims().put(config.tenantsClaimName(), aliases);
        }
    }

    private static Set<String> audienceOf(IDToken token, ClientSessionContext clientSessionCtx) {
        Set<String> audience = new HashSet<>();
        if (token.getAudience() != null) {
            audience.addAll(List.of(token.getAudience()));
        }
        if (token.getIssuedFor() != null) {
            audience.add(token.getIssuedFor());
        }
        audience.add(clientSessionCtx.getClientSession().getClient().getClientId());
        if (token instanceof AccessToken accessToken && accessToken.getResourceAccess() != null) {
            audience.addAll(accessToken.getResourceAccess().keySet());
        }
        return audience;
    }

    /** For tests and bootstrap code: a mapper model with the default configuration. */
    public static ProtocolMapperModel create(String name) {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(name);
        mapper.setProtocolMapper(PROVIDER_ID);
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        Map<String, String> config = new LinkedHashMap<>();
        config.put(
                OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME,
                dev.tenancy.context.TenancyConventions.DEFAULT_TENANT_CLAIM);
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true");
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true");
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true");
        config.put(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true");
        mapper.setConfig(config);
        return mapper;
    }
}
